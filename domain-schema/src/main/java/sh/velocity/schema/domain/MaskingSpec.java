package sh.velocity.schema.domain;

/**
 * A field's declared masking: the strategy and, for {@link MaskingStrategy#PARTIAL}, how many
 * trailing characters stay visible. Admission keeps {@code visibleChars} within 0..64 and below
 * the field's maxLength, so a partial mask can never show a whole value; for the other strategies it
 * must be 0. {@code strategy} is null only in a manifest that has not passed admission.
 */
public record MaskingSpec(MaskingStrategy strategy, int visibleChars) {

    /** Visible characters of a partial mask when the manifest does not say. */
    public static final int DEFAULT_VISIBLE_CHARS = 4;

    /** The mask applied to a sensitive field that declares none. */
    public static final MaskingSpec FULL = new MaskingSpec(MaskingStrategy.FULL, 0);

    public static MaskingSpec partial(int visibleChars) {
        return new MaskingSpec(MaskingStrategy.PARTIAL, visibleChars);
    }

    public static MaskingSpec hash() {
        return new MaskingSpec(MaskingStrategy.HASH, 0);
    }

    @Override
    public String toString() {
        String name = strategy == null ? "unset" : strategy.manifestName();
        return strategy == MaskingStrategy.PARTIAL ? name + "(" + visibleChars + ")" : name;
    }
}
