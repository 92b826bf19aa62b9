package sh.velocity.schema.domain.rules;

import java.util.Objects;

/**
 * The result of running one validation rule against one record at write time.
 *
 * <p>It exists so that evaluation never throws: every way a rule can end, including a runaway rule
 * and a runtime error such as a missing optional field or an integer overflow, is a value the
 * caller maps to a response ({@link Status#FAILED} → 400 {@code VALIDATION_FAILED} with the rule's
 * message, {@link Status#TIMEOUT} → 400 {@code CEL_TIMEOUT}, {@link Status#ERROR} → a clean 400).
 * The invariant: {@code message} is null exactly for {@link Status#PASSED} and
 * {@link Status#FAILED}, and never carries record values.
 *
 * @param status  how the evaluation ended
 * @param message for TIMEOUT the detail (always containing {@value #TIMEOUT_PREFIX}), for ERROR the
 *                reason; null otherwise
 */
public record RuleOutcome(Status status, String message) {

    /** How a rule evaluation ended. */
    public enum Status {
        /** The rule returned true: the record is valid for this rule. */
        PASSED,
        /** The rule returned false: the write is denied with the rule's own message. */
        FAILED,
        /** The rule ran out of its time, step or iteration bound and was stopped. */
        TIMEOUT,
        /** The rule could not be evaluated on this record (missing field, overflow, bad value). */
        ERROR
    }

    /** The text every timeout detail starts with (CONTRACT.md §2, {@code CEL_TIMEOUT}). */
    public static final String TIMEOUT_PREFIX = "CEL execution timeout";

    /** The rule returned true. */
    public static final RuleOutcome PASSED = new RuleOutcome(Status.PASSED, null);

    /** The rule returned false. */
    public static final RuleOutcome FAILED = new RuleOutcome(Status.FAILED, null);

    public RuleOutcome {
        Objects.requireNonNull(status, "status");
        boolean needsMessage = status == Status.TIMEOUT || status == Status.ERROR;
        if (needsMessage != (message != null)) {
            throw new IllegalArgumentException(status + (needsMessage ? " needs" : " takes no") + " message");
        }
    }

    /** A timeout whose detail is {@value #TIMEOUT_PREFIX} followed by {@code detail}. */
    public static RuleOutcome timeout(String detail) {
        return new RuleOutcome(Status.TIMEOUT, TIMEOUT_PREFIX + ": " + detail);
    }

    /** An evaluation error with the given reason. */
    public static RuleOutcome error(String reason) {
        return new RuleOutcome(Status.ERROR, reason);
    }

    /** True when the rule returned true. */
    public boolean passed() {
        return status == Status.PASSED;
    }
}
