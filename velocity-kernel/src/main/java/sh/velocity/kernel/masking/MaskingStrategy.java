package sh.velocity.kernel.masking;

/**
 * How a sensitive field is shown outside the platform; the {@code masking.strategy} of a
 * SchemaDefinition field ({@code partial | full | hash}).
 *
 * <p>The set is closed on purpose: each strategy has a documented leak budget, and a value masked with
 * any of them never reveals more than that budget.
 */
public enum MaskingStrategy {

    /**
     * Keeps the last {@code visibleChars} code points and stars the rest ({@code ************1111}).
     * Reveals the length and the kept tail; a value no longer than the tail is starred entirely.
     */
    PARTIAL,

    /** A fixed {@value Masker#FULL_MASK}; reveals nothing, not even the length. */
    FULL,

    /**
     * A keyed, truncated digest ({@code sha256:3f9a…}) that lets people correlate equal values across
     * records and exports without seeing them. Reveals only equality, and only under one deployment key.
     */
    HASH
}
