package sh.velocity.schema.api;

import java.util.List;

/** A schema with its current manifest (canonical JSON) and its history, newest first. */
public record SchemaDetail(SchemaSummary summary, String manifest, List<SchemaRevision> history) {
}
