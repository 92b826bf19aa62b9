package sh.velocity.compliance.api;

import java.time.OffsetDateTime;

/** A waiver as shown: {@code status} is {@code active}, {@code expired} or {@code revoked}. */
public record WaiverView(String id, String namespace, String pack, String control, String schema,
                         String justification, String createdBy, OffsetDateTime createdAt, OffsetDateTime expiresAt,
                         OffsetDateTime revokedAt, String revokedBy, String status) {
}
