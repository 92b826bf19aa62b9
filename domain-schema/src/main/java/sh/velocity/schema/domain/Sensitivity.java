package sh.velocity.schema.domain;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * How sensitive a field's values are. Anything other than {@link #NONE} is masked on every path that
 * lets data out; a sensitive field without an explicit masking spec is fully masked (see
 * {@link FieldDefinition#effectiveMasking()}), so forgetting the masking block never leaks a value.
 */
public enum Sensitivity {
    NONE,
    INTERNAL,
    PII,
    PHI,
    PCI,
    SECRET;

    /** The spelling used in manifests, e.g. {@code pii}. */
    public String manifestName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** True for everything except {@link #NONE}. */
    public boolean isSensitive() {
        return this != NONE;
    }

    /**
     * True for {@link #PHI}, {@link #PCI} and {@link #SECRET}: their values are encrypted at rest
     * (AES-256-GCM under the organisation's data key), stored as ciphertext whatever their declared
     * type, and can never be filtered, sorted or searched on.
     */
    public boolean isEncrypted() {
        return this == PHI || this == PCI || this == SECRET;
    }

    /** The sensitivity spelled {@code name} in a manifest (exact, lowercase), if any. */
    public static Optional<Sensitivity> fromManifestName(String name) {
        return Arrays.stream(values()).filter(s -> s.manifestName().equals(name)).findFirst();
    }

    static String manifestNames() {
        return Arrays.stream(values()).map(Sensitivity::manifestName).collect(Collectors.joining(", "));
    }
}
