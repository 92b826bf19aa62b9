package sh.velocity.schema.domain;

import java.util.Optional;

/**
 * One difference between the stored and the new version of a schema, as {@link SchemaDiff} found it.
 * Whether it is breaking, and which {@code spec.migrations} entry justifies it, follow from its
 * {@link Kind} alone, so the same change is judged the same way everywhere. {@code field} is the
 * field concerned (the old name for a rename) and null for schema-wide changes (rules, search).
 */
public record SchemaChange(Kind kind, String field, String description) {

    /**
     * What changed. Breaking kinds can lose or reject existing data and each names the migration type
     * whose entry (same column) must justify it: dropping needs DropColumn, renaming RenameColumn, and
     * the column-definition changes (type, narrower maxLength, optional to required, a new required
     * field) ChangeType.
     */
    public enum Kind {
        ADD_FIELD(null),
        ADD_REQUIRED_FIELD(MigrationType.CHANGE_TYPE),
        DROP_FIELD(MigrationType.DROP_COLUMN),
        RENAME_FIELD(MigrationType.RENAME_COLUMN),
        CHANGE_TYPE(MigrationType.CHANGE_TYPE),
        WIDEN_MAX_LENGTH(null),
        NARROW_MAX_LENGTH(MigrationType.CHANGE_TYPE),
        MAKE_REQUIRED(MigrationType.CHANGE_TYPE),
        MAKE_OPTIONAL(null),
        SENSITIVITY_CHANGED(null),
        MASKING_CHANGED(null),
        RULES_CHANGED(null),
        SEARCH_CHANGED(null);

        private final MigrationType requiredMigration;

        Kind(MigrationType requiredMigration) {
            this.requiredMigration = requiredMigration;
        }

        public boolean isBreaking() {
            return requiredMigration != null;
        }

        /** The migration type that justifies this kind of change; empty for additive kinds. */
        public Optional<MigrationType> requiredMigration() {
            return Optional.ofNullable(requiredMigration);
        }
    }

    /** True when existing data may be lost or no longer valid. */
    public boolean breaking() {
        return kind.isBreaking();
    }
}
