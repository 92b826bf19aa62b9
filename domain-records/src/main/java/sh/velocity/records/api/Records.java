package sh.velocity.records.api;

import jakarta.json.JsonObject;
import sh.velocity.kernel.SchemaPath;

/**
 * Records of an applied record type, read and written under row-level security as the request's
 * principal. Every value of a masked field leaves masked.
 */
public interface Records {

    /** Validates and stores a record with its outbox row and audit event; returns it masked. */
    JsonObject create(SchemaPath path, JsonObject body);

    /** One record, or NOT_FOUND (also when row-level security hides it). */
    JsonObject get(SchemaPath path, String id);

    /** Records in creation order, {@code limit} (1–1000) at a time. */
    RecordPage list(SchemaPath path, int limit, String cursor);
}
