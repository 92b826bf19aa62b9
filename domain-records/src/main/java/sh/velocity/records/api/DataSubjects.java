package sh.velocity.records.api;

import jakarta.json.JsonObject;

/**
 * Data-subject rights across record types that declare a subject identifier field: export every
 * record of a subject the caller may read (clear where it holds {@code unmask}, masked elsewhere),
 * and erase every record of a subject the caller may delete, in one transaction. Both are audited
 * with a keyed hash of the identifier, never the identifier itself.
 */
public interface DataSubjects {

    JsonObject export(String subject);

    JsonObject erase(String subject);
}
