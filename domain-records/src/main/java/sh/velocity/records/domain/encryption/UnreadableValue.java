package sh.velocity.records.domain.encryption;

/**
 * A stored encrypted value that does not authenticate: altered, copied from another record or
 * field, sealed under a key this server does not hold, or not ciphertext at all. Nothing of it is
 * returned; the message names where it is, never what it holds.
 */
public final class UnreadableValue extends Exception {

    private static final long serialVersionUID = 1L;

    private final transient FieldContext context;

    public UnreadableValue(FieldContext context, String why) {
        super("the encrypted value of " + context + " " + why, null, false, false);
        this.context = context;
    }

    public FieldContext context() {
        return context;
    }
}
