package sh.velocity.schema.domain;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The changes from the stored version of a schema to a newly applied one (same schema path), and the
 * verdict on them. It exists so that the decision "additive, apply it" versus "breaking, refuse unless
 * approved" is made in one place from the two manifests alone. A breaking change is approved only when
 * the new manifest carries both the {@code velocity.sh/breaking-change: "approved"} annotation and a
 * {@code spec.migrations} entry of the change's migration type for its column with a reason.
 *
 * <p>Renames cannot be told apart from a drop plus an add by comparing field lists, so a
 * {@code RenameColumn} entry ({@code column} = old name, {@code to} = new name) pairs a dropped and an
 * added field into one {@link SchemaChange.Kind#RENAME_FIELD}; differences between the old and the
 * renamed field (type, length, …) are reported as well, under the new name. Both manifests are
 * expected to have passed admission.
 */
public final class SchemaDiff {

    private final SchemaManifest before;
    private final SchemaManifest after;
    private final List<SchemaChange> changes;

    private SchemaDiff(SchemaManifest before, SchemaManifest after, List<SchemaChange> changes) {
        this.before = before;
        this.after = after;
        this.changes = List.copyOf(changes);
    }

    /**
     * The changes from {@code before} (stored) to {@code after} (applied).
     *
     * @throws IllegalArgumentException when the two manifests are for different schema paths
     */
    public static SchemaDiff between(SchemaManifest before, SchemaManifest after) {
        Objects.requireNonNull(before, "before");
        Objects.requireNonNull(after, "after");
        if (!before.path().equals(after.path())) {
            throw new IllegalArgumentException("cannot compare " + before.path() + " with " + after.path());
        }
        Map<String, FieldDefinition> old = byName(before);
        Map<String, FieldDefinition> now = byName(after);
        Map<String, String> renames = renames(after, old, now);
        List<SchemaChange> changes = new ArrayList<>();
        old.forEach((name, field) -> {
            if (now.containsKey(name)) {
                compare(name, field, now.get(name), changes);
            } else if (renames.containsKey(name)) {
                String target = renames.get(name);
                changes.add(new SchemaChange(SchemaChange.Kind.RENAME_FIELD, name,
                        "field '" + name + "' is renamed to '" + target + "'"));
                compare(target, field, now.get(target), changes);
            } else {
                changes.add(new SchemaChange(SchemaChange.Kind.DROP_FIELD, name,
                        "field '" + name + "' is dropped with its data"));
            }
        });
        now.forEach((name, field) -> {
            if (!old.containsKey(name) && !renames.containsValue(name)) {
                changes.add(field.required()
                        ? new SchemaChange(SchemaChange.Kind.ADD_REQUIRED_FIELD, name,
                                "required field '" + name + "' is added; existing records have no value for it")
                        : new SchemaChange(SchemaChange.Kind.ADD_FIELD, name, "field '" + name + "' is added"));
            }
        });
        if (!before.rules().equals(after.rules())) {
            changes.add(new SchemaChange(SchemaChange.Kind.RULES_CHANGED, null, "validation rules change"));
        }
        if (!before.search().equals(after.search())) {
            changes.add(new SchemaChange(SchemaChange.Kind.SEARCH_CHANGED, null, "search settings change (tier "
                    + before.search().tier() + " to " + after.search().tier() + ")"));
        }
        return new SchemaDiff(before, after, changes);
    }

    /** Every change, fields in stored order then added fields, then rules and search. */
    public List<SchemaChange> changes() {
        return changes;
    }

    /** True when the new manifest describes the same fields, rules and search as the stored one. */
    public boolean isUnchanged() {
        return changes.isEmpty();
    }

    public boolean isBreaking() {
        return changes.stream().anyMatch(SchemaChange::breaking);
    }

    public List<SchemaChange> breakingChanges() {
        return changes.stream().filter(SchemaChange::breaking).toList();
    }

    /** {@link #unapprovedBreakingChanges(SchemaManifest)} judged on the new manifest itself. */
    public List<String> unapprovedBreakingChanges() {
        return unapprovedBreakingChanges(after);
    }

    /**
     * One sentence per breaking change that {@code approval} (normally the new manifest) does not
     * approve, saying what is missing; empty when everything breaking is approved.
     */
    public List<String> unapprovedBreakingChanges(SchemaManifest approval) {
        List<String> unapproved = new ArrayList<>();
        for (SchemaChange change : breakingChanges()) {
            MigrationType type = change.kind().requiredMigration().orElseThrow();
            List<String> missing = new ArrayList<>();
            if (!approval.breakingChangeApproved()) {
                missing.add("the annotation " + SchemaManifest.BREAKING_CHANGE_ANNOTATION + ": \""
                        + SchemaManifest.APPROVED + "\"");
            }
            boolean justified = approval.migrations().stream().anyMatch(step -> step.type() == type
                    && Objects.equals(step.column(), change.field())
                    && step.reason() != null && !step.reason().isBlank());
            if (!justified) {
                missing.add("a spec.migrations entry {type: " + type.manifestName() + ", column: " + change.field()
                        + ", reason: ...}");
            }
            if (!missing.isEmpty()) {
                unapproved.add(change.description() + ": breaking change (" + change.kind()
                        + ") needs " + String.join(" and ", missing));
            }
        }
        return unapproved;
    }

    public SchemaManifest before() {
        return before;
    }

    public SchemaManifest after() {
        return after;
    }

    private static Map<String, FieldDefinition> byName(SchemaManifest manifest) {
        Map<String, FieldDefinition> fields = new LinkedHashMap<>();
        manifest.fields().stream().filter(f -> f.name() != null).forEach(f -> fields.putIfAbsent(f.name(), f));
        return fields;
    }

    /** Old name to new name, for each RenameColumn entry whose old field is gone and new field is new. */
    private static Map<String, String> renames(SchemaManifest after, Map<String, FieldDefinition> old,
            Map<String, FieldDefinition> now) {
        Map<String, String> renames = new LinkedHashMap<>();
        for (MigrationStep step : after.migrations()) {
            String from = step.column();
            String to = step.to();
            if (step.type() == MigrationType.RENAME_COLUMN && from != null && to != null
                    && old.containsKey(from) && !now.containsKey(from)
                    && now.containsKey(to) && !old.containsKey(to)
                    && !renames.containsKey(from) && !renames.containsValue(to)) {
                renames.put(from, to);
            }
        }
        return renames;
    }

    private static void compare(String name, FieldDefinition old, FieldDefinition now, List<SchemaChange> changes) {
        if (old.type() != now.type()) {
            changes.add(new SchemaChange(SchemaChange.Kind.CHANGE_TYPE, name, "field '" + name + "' changes type from "
                    + typeName(old.type()) + " to " + typeName(now.type())));
        } else if (old.maxLength() != null && now.maxLength() != null && !old.maxLength().equals(now.maxLength())) {
            boolean wider = now.maxLength() > old.maxLength();
            changes.add(new SchemaChange(
                    wider ? SchemaChange.Kind.WIDEN_MAX_LENGTH : SchemaChange.Kind.NARROW_MAX_LENGTH, name,
                    "field '" + name + "' maxLength " + (wider ? "widens" : "narrows") + " from " + old.maxLength()
                            + " to " + now.maxLength() + (wider ? "" : "; longer stored values would not fit")));
        }
        if (!old.required() && now.required()) {
            changes.add(new SchemaChange(SchemaChange.Kind.MAKE_REQUIRED, name,
                    "field '" + name + "' becomes required; existing records may have no value"));
        } else if (old.required() && !now.required()) {
            changes.add(new SchemaChange(SchemaChange.Kind.MAKE_OPTIONAL, name,
                    "field '" + name + "' becomes optional"));
        }
        if (old.sensitivity() != now.sensitivity()) {
            changes.add(new SchemaChange(SchemaChange.Kind.SENSITIVITY_CHANGED, name, "field '" + name
                    + "' sensitivity changes from " + old.sensitivity().manifestName() + " to "
                    + now.sensitivity().manifestName()));
        }
        if (!Objects.equals(old.effectiveMasking(), now.effectiveMasking())) {
            changes.add(new SchemaChange(SchemaChange.Kind.MASKING_CHANGED, name, "field '" + name
                    + "' masking changes from " + maskingName(old) + " to " + maskingName(now)));
        }
    }

    private static String typeName(FieldType type) {
        return type == null ? "none" : type.manifestName();
    }

    private static String maskingName(FieldDefinition field) {
        MaskingSpec masking = field.effectiveMasking();
        return masking == null ? "none" : masking.toString();
    }
}
