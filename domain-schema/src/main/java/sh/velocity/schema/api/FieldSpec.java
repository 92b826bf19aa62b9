package sh.velocity.schema.api;

/**
 * A declared field as writers and readers of records need it. {@code masking} is the effective
 * strategy ({@code partial}, {@code full}, {@code hash}) or null when the value leaves unmasked;
 * {@code subjectIdentifier} marks the field naming the data subject. {@link #encrypted()} fields
 * are stored as ciphertext.
 */
public record FieldSpec(String name, String type, Integer maxLength, boolean required, String sensitivity,
                        String masking, int visibleChars, boolean subjectIdentifier) {

    /** Sensitivities whose values are encrypted at rest (they are always masked as well). */
    public static final java.util.Set<String> ENCRYPTED_SENSITIVITIES = java.util.Set.of("phi", "pci", "secret");

    public boolean masked() {
        return masking != null;
    }

    /**
     * True when the value is stored as ciphertext (sensitivity {@code phi}, {@code pci} or
     * {@code secret}): its column holds text whatever the declared type, and only the masking
     * component decrypts it on the way out.
     */
    public boolean encrypted() {
        return sensitivity != null && ENCRYPTED_SENSITIVITIES.contains(sensitivity);
    }
}
