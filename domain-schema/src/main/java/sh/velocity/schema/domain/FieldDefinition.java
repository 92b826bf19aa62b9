package sh.velocity.schema.domain;

/**
 * One declared field of a record type, which becomes one column. {@code maxLength} is null when the
 * manifest gives none and {@code masking} is null when it declares none; a null {@code name} or
 * {@code type} only occurs before admission, which rejects it. An admitted field has a legal,
 * non-reserved name, a maxLength exactly when it is textual, and masking only when it is textual.
 * {@code subjectIdentifier} marks the field naming the data subject a record is about (for
 * export and erasure); at most one per record type, and only a string, text or uuid field.
 */
public record FieldDefinition(
        String name,
        FieldType type,
        Integer maxLength,
        boolean required,
        Sensitivity sensitivity,
        MaskingSpec masking,
        boolean subjectIdentifier) {

    public FieldDefinition {
        sensitivity = sensitivity == null ? Sensitivity.NONE : sensitivity;
    }

    public FieldDefinition(String name, FieldType type, Integer maxLength, boolean required, Sensitivity sensitivity,
                           MaskingSpec masking) {
        this(name, type, maxLength, required, sensitivity, masking, false);
    }

    /** An optional, non-sensitive, unmasked field. */
    public static FieldDefinition of(String name, FieldType type, Integer maxLength) {
        return new FieldDefinition(name, type, maxLength, false, Sensitivity.NONE, null);
    }

    /**
     * The mask every output path must apply: the declared one, else {@link MaskingSpec#FULL} for a
     * sensitive field (so omitting the masking block hides the whole value rather than none of it),
     * else null (shown as is).
     */
    public MaskingSpec effectiveMasking() {
        if (masking != null) {
            return masking;
        }
        return sensitivity.isSensitive() ? MaskingSpec.FULL : null;
    }
}
