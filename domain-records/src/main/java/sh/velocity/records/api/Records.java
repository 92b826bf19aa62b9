package sh.velocity.records.api;

import jakarta.json.JsonObject;
import sh.velocity.kernel.SchemaPath;

/**
 * Records of an applied record type, read and written under row-level security as the request's
 * principal. Every value of a masked field leaves masked unless the caller holds {@code unmask}
 * on the path and asks for it; such a read is itself audited.
 */
public interface Records {

    /** Validates and stores a record with its outbox row and audit event; returns it masked. */
    JsonObject create(SchemaPath path, JsonObject body);

    /** One record, or NOT_FOUND (also when row-level security hides it). */
    JsonObject get(SchemaPath path, String id, boolean unmask);

    /** A page of records in a stable order. */
    RecordPage list(SchemaPath path, ListQuery query);

    /**
     * Full-text search over the record type's search fields (tier 2: PostgreSQL), best match
     * first, at most {@code limit} records, masked like a list; only records the caller may read.
     */
    SearchResult search(SchemaPath path, String q, int limit);

    /**
     * Drops the record type's search-engine index and replays its whole outbox into a new one
     * ({@code schema.apply} on the path; audited). Searches fall back to tier 2 until it caught up.
     * Returns the number of outbox events replayed.
     */
    long rebuildSearchIndex(SchemaPath path);

    /**
     * Applies a JSON merge patch (a null removes a value), validated and rule-checked like a
     * create; {@code expectedVersion} (from If-Match) must match the stored version when given.
     */
    JsonObject update(SchemaPath path, String id, JsonObject patch, Long expectedVersion);

    /** Deletes a record; {@code expectedVersion} must match when given. */
    void delete(SchemaPath path, String id, Long expectedVersion);
}
