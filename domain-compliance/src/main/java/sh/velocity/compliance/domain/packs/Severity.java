package sh.velocity.compliance.domain.packs;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** How much a failing control matters; every failing control blocks, whatever its severity. */
public enum Severity {
    LOW, MEDIUM, HIGH, CRITICAL;

    public String manifestName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Severity> fromManifestName(String name) {
        return Arrays.stream(values()).filter(s -> s.manifestName().equals(name)).findFirst();
    }
}
