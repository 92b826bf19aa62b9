package sh.velocity.schema.domain.rules;

/**
 * A validation rule refused at apply time: it does not parse ({@code CEL syntax error: …}), does
 * not type-check against the declared fields ({@code CEL type error: …}), or its worst-case cost is
 * over the budget ({@code CEL cost estimate N exceeds the budget of M for rule …}).
 *
 * <p>It is a checked exception on purpose: a rule that cannot be compiled must turn into a 400
 * {@code INVALID_MANIFEST} naming the rule, never into an unhandled 500, so every caller of
 * {@link RuleCompiler#compile} is forced by the compiler to decide what to report. The message is
 * written for the person who wrote the manifest and never contains record data.
 */
public final class RuleRejected extends Exception {

    private static final long serialVersionUID = 1L;

    private final String rule;

    /** A rejection of {@code rule} for the reason in {@code message}. */
    public RuleRejected(String rule, String message) {
        super(message);
        this.rule = rule;
    }

    /** The rule text that was refused (may be null when the rule itself was missing). */
    public String rule() {
        return rule;
    }
}
