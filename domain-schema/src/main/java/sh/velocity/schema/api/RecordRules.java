package sh.velocity.schema.api;

import java.util.Map;

/**
 * Runs a record type's validation rules against a record's values, each within its execution
 * bound. Throws {@code VALIDATION_FAILED} (a rule returned false, with the rule's message, or
 * could not be evaluated) or {@code CEL_TIMEOUT} (a rule exceeded its bound; the write is denied).
 */
public interface RecordRules {

    /** {@code values}: field name to typed value as validated (String, Long, BigDecimal, …). */
    void check(RecordType type, Map<String, Object> values);
}
