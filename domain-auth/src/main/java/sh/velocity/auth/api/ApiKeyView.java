package sh.velocity.auth.api;

import java.time.OffsetDateTime;

/** Key metadata: never the key, never its hash. */
public record ApiKeyView(String id, String name, String principal, String hint, OffsetDateTime createdAt,
                         String createdBy, OffsetDateTime expiresAt, OffsetDateTime revokedAt) {
}
