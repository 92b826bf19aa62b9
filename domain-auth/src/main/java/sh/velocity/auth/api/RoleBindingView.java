package sh.velocity.auth.api;

import java.time.OffsetDateTime;

/** A principal's role on a schema-path prefix ({@code *} for everything). */
public record RoleBindingView(String id, String principal, String role, String pathPrefix,
                              OffsetDateTime createdAt, String createdBy) {
}
