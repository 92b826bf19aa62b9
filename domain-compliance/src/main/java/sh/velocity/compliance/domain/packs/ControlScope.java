package sh.velocity.compliance.domain.packs;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * What a control's rule is evaluated over: the whole schema once ({@code schema}), or each field
 * in turn ({@code field}, the rule also sees {@code field}, and a failure names it).
 */
public enum ControlScope {
    SCHEMA, FIELD;

    public String manifestName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<ControlScope> fromManifestName(String name) {
        return Arrays.stream(values()).filter(s -> s.manifestName().equals(name)).findFirst();
    }
}
