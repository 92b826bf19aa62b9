package sh.velocity.schema.domain;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The column types a manifest field may declare. The set is closed on purpose: each value maps to
 * exactly one PostgreSQL type in the DDL gateway, so a manifest can never smuggle in an arbitrary
 * type expression.
 */
public enum FieldType {
    STRING("string"),
    TEXT("text"),
    INTEGER("integer"),
    DECIMAL("decimal"),
    BOOLEAN("boolean"),
    DATE("date"),
    TIMESTAMP("timestamp"),
    UUID("uuid");

    private final String manifestName;

    FieldType(String manifestName) {
        this.manifestName = manifestName;
    }

    /** The spelling used in manifests, e.g. {@code string}. */
    public String manifestName() {
        return manifestName;
    }

    /** True for {@code string} and {@code text}: the types that carry maxLength, masking and search. */
    public boolean isTextual() {
        return this == STRING || this == TEXT;
    }

    /** The type spelled {@code name} in a manifest (exact, lowercase), if any. */
    public static Optional<FieldType> fromManifestName(String name) {
        return Arrays.stream(values()).filter(t -> t.manifestName.equals(name)).findFirst();
    }

    /** {@code string, text, …} for error messages. */
    static String manifestNames() {
        return Arrays.stream(values()).map(FieldType::manifestName).collect(Collectors.joining(", "));
    }
}
