package sh.velocity.schema.domain;

/**
 * One {@code spec.migrations} entry: the written justification for one breaking operation on one
 * column. {@code to} is the new name for {@link MigrationType#RENAME_COLUMN} (required there) and the
 * new type for {@link MigrationType#CHANGE_TYPE} (optional); it is null otherwise. Admission requires
 * a type, a column and a non-blank reason, so an approval always says why.
 */
public record MigrationStep(MigrationType type, String column, String reason, String to) {

    /** An entry without a {@code to}. */
    public MigrationStep(MigrationType type, String column, String reason) {
        this(type, column, reason, null);
    }
}
