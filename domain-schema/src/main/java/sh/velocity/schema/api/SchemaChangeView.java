package sh.velocity.schema.api;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * A submitted schema change as the approval chain records it: the manifest exactly as submitted
 * (null in listings), what it changes against the generation it was submitted on
 * ({@code baseGeneration}, null for a new record type), and who took which step when. {@code stale}
 * is true while the change is not yet applied and the live schema has moved past its base: it can
 * no longer be applied and must be submitted again. {@code seq} orders changes for paging.
 */
public record SchemaChangeView(String id, long seq, String schemaPath, String status, String manifest,
                               List<String> changes, boolean breaking, Integer baseGeneration, boolean stale,
                               String submittedBy, OffsetDateTime submittedAt,
                               String reviewedBy, OffsetDateTime reviewedAt, String reviewReason,
                               String appliedBy, OffsetDateTime appliedAt, Integer appliedGeneration) {
}
