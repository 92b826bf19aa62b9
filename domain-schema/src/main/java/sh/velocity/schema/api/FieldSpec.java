package sh.velocity.schema.api;

/**
 * A declared field as writers and readers of records need it. {@code masking} is the effective
 * strategy ({@code partial}, {@code full}, {@code hash}) or null when the value leaves unmasked;
 * {@code subjectIdentifier} marks the field naming the data subject.
 */
public record FieldSpec(String name, String type, Integer maxLength, boolean required, String sensitivity,
                        String masking, int visibleChars, boolean subjectIdentifier) {

    public boolean masked() {
        return masking != null;
    }
}
