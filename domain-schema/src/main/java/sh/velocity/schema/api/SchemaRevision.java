package sh.velocity.schema.api;

import java.time.OffsetDateTime;

/** One entry of a schema's history: which generation, what changed, who applied it and when. */
public record SchemaRevision(int generation, String changes, String migrations, OffsetDateTime appliedAt,
                             String appliedBy) {
}
