package sh.velocity.schema.domain;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * How a sensitive value is shown to readers: {@link #PARTIAL} keeps the last few characters,
 * {@link #FULL} replaces the whole value, {@link #HASH} replaces it with a stable digest so equal
 * values stay recognisable without being readable.
 */
public enum MaskingStrategy {
    PARTIAL,
    FULL,
    HASH;

    /** The spelling used in manifests, e.g. {@code partial}. */
    public String manifestName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The strategy spelled {@code name} in a manifest (exact, lowercase), if any. */
    public static Optional<MaskingStrategy> fromManifestName(String name) {
        return Arrays.stream(values()).filter(s -> s.manifestName().equals(name)).findFirst();
    }

    static String manifestNames() {
        return Arrays.stream(values()).map(MaskingStrategy::manifestName).collect(Collectors.joining(", "));
    }
}
