package sh.velocity.schema.api;

import java.time.OffsetDateTime;

/** One applied schema in a listing. */
public record SchemaSummary(String schemaPath, int generation, OffsetDateTime createdAt, String createdBy,
                            OffsetDateTime updatedAt, String updatedBy) {
}
