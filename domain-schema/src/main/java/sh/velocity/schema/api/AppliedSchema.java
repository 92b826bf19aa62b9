package sh.velocity.schema.api;

import java.util.List;

/** The result of an apply: outcome, the schema's generation after it, and the changes made. */
public record AppliedSchema(ApplyOutcome outcome, String schemaPath, int generation, List<String> changes) {
}
