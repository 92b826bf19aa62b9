package sh.velocity.schema.domain;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The breaking operations a {@code spec.migrations} entry can justify. Each breaking
 * {@link SchemaChange} names the type whose entry approves it ({@link SchemaChange.Kind#requiredMigration()}).
 */
public enum MigrationType {
    DROP_COLUMN("DropColumn"),
    CHANGE_TYPE("ChangeType"),
    RENAME_COLUMN("RenameColumn");

    private final String manifestName;

    MigrationType(String manifestName) {
        this.manifestName = manifestName;
    }

    /** The spelling used in manifests, e.g. {@code DropColumn}. */
    public String manifestName() {
        return manifestName;
    }

    /** The type spelled {@code name} in a manifest (exact case), if any. */
    public static Optional<MigrationType> fromManifestName(String name) {
        return Arrays.stream(values()).filter(t -> t.manifestName.equals(name)).findFirst();
    }

    static String manifestNames() {
        return Arrays.stream(values()).map(MigrationType::manifestName).collect(Collectors.joining(", "));
    }
}
