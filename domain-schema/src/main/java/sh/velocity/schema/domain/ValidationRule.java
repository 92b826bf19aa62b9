package sh.velocity.schema.domain;

/**
 * A CEL rule checked against every record write, with the message shown when it returns false and
 * the execution bound that keeps a rule from stalling writes. Admission keeps the text non-empty and
 * at most 4096 characters, the message non-empty and the bound within 1..1000 ms.
 */
public record ValidationRule(String rule, String message, int maxExecutionMs) {

    /** The execution bound when the manifest does not give one. */
    public static final int DEFAULT_MAX_EXECUTION_MS = 10;

    /** A rule with the default execution bound. */
    public ValidationRule(String rule, String message) {
        this(rule, message, DEFAULT_MAX_EXECUTION_MS);
    }
}
