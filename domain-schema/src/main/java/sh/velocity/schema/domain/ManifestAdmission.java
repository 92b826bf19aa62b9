package sh.velocity.schema.domain;

import static sh.velocity.schema.domain.ManifestProblems.quote;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import sh.velocity.kernel.problem.FieldError;

/**
 * The semantic rules a SchemaDefinition must pass before it may shape a table: legal, non-reserved
 * and unique field names; a bounded maxLength on every string and text field (an unbounded column is
 * a storage and denial-of-service risk); masking only where it can apply and never revealing a whole
 * value; search only over textual fields; bounded validation rules; justified migrations; bounded,
 * printable free text. It reports every violation at once, each located by its manifest path, in one
 * {@code INVALID_MANIFEST} exception.
 *
 * <p>A sensitive field (sensitivity other than {@code none}) without a masking block is admitted and
 * masked with strategy {@code full}; see {@link FieldDefinition#effectiveMasking()}.
 */
public final class ManifestAdmission {

    /** Field (column) names. */
    public static final Pattern FIELD_NAME = Pattern.compile("[a-z][a-z0-9_]{0,62}");
    /** Columns every record table has, or that the platform may add; fields may not take them. */
    public static final Set<String> RESERVED_FIELD_NAMES = Set.of(
            "id", "version", "created_at", "updated_at", "created_by", "updated_by", "search_vector", "tenant");
    public static final List<String> RESERVED_FIELD_PREFIXES = List.of("pg_", "velocity_");

    public static final int MAX_FIELDS = 200;
    /** PostgreSQL's varchar limit. */
    public static final int MAX_LENGTH_LIMIT = 10_485_760;
    public static final int MAX_VISIBLE_CHARS = 64;
    public static final int MAX_RULES = 100;
    public static final int MAX_RULE_CHARS = 4096;
    public static final int MAX_MESSAGE_CHARS = 1024;
    public static final int MAX_EXECUTION_MS = 1000;
    public static final int MAX_MIGRATIONS = 200;
    public static final int MAX_REASON_CHARS = 1024;
    public static final int MAX_ANNOTATIONS = 64;
    public static final int MAX_ANNOTATION_KEY_CHARS = 253;
    public static final int MAX_ANNOTATION_VALUE_CHARS = 4096;

    /** Throws {@code INVALID_MANIFEST} listing every violation, or returns when there is none. */
    public void admit(SchemaManifest manifest) {
        List<FieldError> violations = violations(manifest);
        if (!violations.isEmpty()) {
            throw ManifestProblems.rejection(violations);
        }
    }

    /** Every violation of the admission rules, in manifest order; empty when admitted. */
    public List<FieldError> violations(SchemaManifest manifest) {
        List<FieldError> errors = new ArrayList<>();
        if (!SchemaManifest.API_VERSION.equals(manifest.apiVersion())) {
            errors.add(new FieldError("apiVersion", "apiVersion must be " + SchemaManifest.API_VERSION
                    + ", got " + quote(manifest.apiVersion())));
        }
        if (!SchemaManifest.KIND.equals(manifest.kind())) {
            errors.add(new FieldError("kind", "kind must be " + SchemaManifest.KIND + ", got "
                    + quote(manifest.kind())));
        }
        errors.addAll(bodyViolations(manifest.annotations(), manifest.fields(), manifest.rules(),
                manifest.search(), manifest.migrations()));
        return errors;
    }

    /** The rules that do not need the schema path, so the parser can apply them when the path is bad. */
    List<FieldError> bodyViolations(Map<String, String> annotations, List<FieldDefinition> fields,
            List<ValidationRule> rules, SearchSpec search, List<MigrationStep> migrations) {
        List<FieldError> errors = new ArrayList<>();
        checkAnnotations(annotations, errors);
        checkFields(fields, errors);
        checkRules(rules, errors);
        checkSearch(search, fields, errors);
        checkMigrations(migrations, errors);
        return errors;
    }

    /** True for the reserved column names and prefixes. */
    public static boolean isReserved(String fieldName) {
        return RESERVED_FIELD_NAMES.contains(fieldName)
                || RESERVED_FIELD_PREFIXES.stream().anyMatch(fieldName::startsWith);
    }

    private static void checkAnnotations(Map<String, String> annotations, List<FieldError> errors) {
        if (annotations.size() > MAX_ANNOTATIONS) {
            errors.add(new FieldError("metadata.annotations", "metadata.annotations: at most " + MAX_ANNOTATIONS
                    + " annotations are allowed, got " + annotations.size()));
            return;
        }
        annotations.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(entry -> {
            String key = entry.getKey();
            String path = "metadata.annotations[" + ManifestProblems.clip(key) + "]";
            if (key.isBlank() || key.length() > MAX_ANNOTATION_KEY_CHARS || !ManifestProblems.isClean(key)) {
                errors.add(new FieldError(path, path + ": annotation keys must be 1 to " + MAX_ANNOTATION_KEY_CHARS
                        + " printable characters"));
            } else if (entry.getValue().length() > MAX_ANNOTATION_VALUE_CHARS
                    || !ManifestProblems.isClean(entry.getValue())) {
                errors.add(new FieldError(path, path + ": annotation values must be at most "
                        + MAX_ANNOTATION_VALUE_CHARS + " printable characters"));
            } else if (key.equals(SchemaManifest.BREAKING_CHANGE_ANNOTATION)
                    && !SchemaManifest.APPROVED.equals(entry.getValue())) {
                errors.add(new FieldError(path, path + ": the only accepted value is \"" + SchemaManifest.APPROVED
                        + "\", got " + quote(entry.getValue())));
            }
        });
    }

    /** At most one subject identifier, and a field that can hold one: string, text or uuid. */
    private static void checkSubjectIdentifier(List<FieldDefinition> fields, List<FieldError> errors) {
        int marked = 0;
        for (int i = 0; i < fields.size(); i++) {
            FieldDefinition f = fields.get(i);
            if (!f.subjectIdentifier()) {
                continue;
            }
            marked++;
            String at = "spec.fields[" + i + "].subjectIdentifier";
            if (marked > 1) {
                errors.add(new FieldError(at, at + ": only one field may be the subject identifier"));
            }
            if (f.type() != null && !f.type().isTextual() && f.type() != FieldType.UUID) {
                errors.add(new FieldError(at, at + ": the subject identifier must be a string, text or uuid field"));
            }
            if (f.sensitivity().isEncrypted()) {
                errors.add(new FieldError(at, at + ": a " + f.sensitivity().manifestName() + " field is encrypted at "
                        + "rest and cannot be looked up by value, so it cannot be the subject identifier"));
            }
        }
    }

    private static void checkFields(List<FieldDefinition> fields, List<FieldError> errors) {
        if (fields.isEmpty()) {
            errors.add(new FieldError("spec.fields", "spec.fields: at least one field is required"));
            return;
        }
        if (fields.size() > MAX_FIELDS) {
            errors.add(new FieldError("spec.fields", "spec.fields: at most " + MAX_FIELDS
                    + " fields are allowed, got " + fields.size()));
            return;
        }
        checkSubjectIdentifier(fields, errors);
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < fields.size(); i++) {
            FieldDefinition field = fields.get(i);
            String path = "spec.fields[" + i + "]";
            String label = field.name() == null ? path : path + " (" + ManifestProblems.clip(field.name()) + ")";
            checkFieldName(field.name(), path, label, i, seen, errors);
            FieldType type = field.type();
            if (type == null) {
                errors.add(new FieldError(path + ".type", label + ": type is required, one of "
                        + FieldType.manifestNames()));
            }
            checkMaxLength(field, path, label, errors);
            checkMasking(field, path, label, errors);
        }
    }

    private static void checkFieldName(String name, String path, String label, int index,
            Map<String, Integer> seen, List<FieldError> errors) {
        String at = path + ".name";
        if (name == null || name.isEmpty()) {
            errors.add(new FieldError(at, path + ": name is required"));
        } else if (!FIELD_NAME.matcher(name).matches()) {
            errors.add(new FieldError(at, label + ": name must match [a-z][a-z0-9_]{0,62}"
                    + " (lowercase letters, digits and underscores, starting with a letter)"));
        } else if (isReserved(name)) {
            errors.add(new FieldError(at, label + ": name " + quote(name) + " is reserved for a platform column"
                    + " (reserved: id, version, created_at, updated_at, created_by, updated_by, search_vector,"
                    + " tenant, pg_*, velocity_*)"));
        } else if (seen.containsKey(name)) {
            errors.add(new FieldError(at, label + ": duplicate field name, already declared by spec.fields["
                    + seen.get(name) + "]"));
        } else {
            seen.put(name, index);
        }
    }

    private static void checkMaxLength(FieldDefinition field, String path, String label, List<FieldError> errors) {
        FieldType type = field.type();
        Integer maxLength = field.maxLength();
        String at = path + ".maxLength";
        if (type != null && type.isTextual() && maxLength == null) {
            errors.add(new FieldError(at, label + ": type " + type.manifestName()
                    + " requires maxLength (1 to " + MAX_LENGTH_LIMIT + ")"));
        } else if (maxLength != null && type != null && !type.isTextual()) {
            errors.add(new FieldError(at, label + ": maxLength is only allowed on string and text fields, not "
                    + type.manifestName()));
        } else if (maxLength != null && (maxLength < 1 || maxLength > MAX_LENGTH_LIMIT)) {
            errors.add(new FieldError(at, label + ": maxLength must be between 1 and " + MAX_LENGTH_LIMIT
                    + ", got " + maxLength));
        }
    }

    private static void checkMasking(FieldDefinition field, String path, String label, List<FieldError> errors) {
        MaskingSpec masking = field.masking();
        if (masking == null) {
            return;
        }
        String at = path + ".masking";
        if (field.type() != null && !field.type().isTextual()) {
            errors.add(new FieldError(at, label + ": masking is only allowed on string and text fields, not "
                    + field.type().manifestName() + " (a sensitive " + field.type().manifestName()
                    + " field is masked in full without a masking block)"));
            return;
        }
        if (masking.strategy() == null) {
            errors.add(new FieldError(at + ".strategy", label + ": masking.strategy is required, one of "
                    + MaskingStrategy.manifestNames()));
            return;
        }
        int visible = masking.visibleChars();
        String visibleAt = at + ".visibleChars";
        if (masking.strategy() != MaskingStrategy.PARTIAL) {
            if (visible != 0) {
                errors.add(new FieldError(visibleAt, label + ": visibleChars applies only to strategy partial"));
            }
        } else if (visible < 0 || visible > MAX_VISIBLE_CHARS) {
            errors.add(new FieldError(visibleAt, label + ": partial masking visibleChars must be between 0 and "
                    + MAX_VISIBLE_CHARS + ", got " + visible));
        } else if (field.maxLength() != null && visible >= field.maxLength()) {
            errors.add(new FieldError(visibleAt, label + ": visibleChars (" + visible
                    + ") must be smaller than maxLength (" + field.maxLength() + ") or the whole value would show"));
        }
    }

    private static void checkRules(List<ValidationRule> rules, List<FieldError> errors) {
        if (rules.size() > MAX_RULES) {
            errors.add(new FieldError("spec.validation.rules", "spec.validation.rules: at most " + MAX_RULES
                    + " rules are allowed, got " + rules.size()));
            return;
        }
        for (int i = 0; i < rules.size(); i++) {
            ValidationRule rule = rules.get(i);
            String path = "spec.validation.rules[" + i + "]";
            checkText(rule.rule(), path + ".rule", "rule text", MAX_RULE_CHARS, errors);
            checkText(rule.message(), path + ".message", "message", MAX_MESSAGE_CHARS, errors);
            if (rule.maxExecutionMs() < 1 || rule.maxExecutionMs() > MAX_EXECUTION_MS) {
                errors.add(new FieldError(path + ".maxExecutionMs", path + ": maxExecutionMs must be between 1 and "
                        + MAX_EXECUTION_MS + ", got " + rule.maxExecutionMs()));
            }
        }
    }

    /** pii, phi, pci and secret fields, and any masked field, stay out of every search index. */
    private static boolean neverIndexed(FieldDefinition field) {
        Sensitivity s = field.sensitivity();
        return field.masking() != null || s == Sensitivity.PII || s == Sensitivity.PHI || s == Sensitivity.PCI
                || s == Sensitivity.SECRET;
    }

    private static void checkSearch(SearchSpec search, List<FieldDefinition> fields, List<FieldError> errors) {
        if (search.tier() != SearchSpec.POSTGRES_TIER && search.tier() != SearchSpec.ENGINE_TIER) {
            errors.add(new FieldError("spec.search.tier", "spec.search.tier must be 2 (PostgreSQL full-text) or 3"
                    + " (search engine), got " + search.tier()));
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < search.fields().size(); i++) {
            String name = search.fields().get(i);
            String path = "spec.search.fields[" + i + "]";
            FieldDefinition field = fields.stream().filter(f -> name.equals(f.name())).findFirst().orElse(null);
            if (field == null) {
                errors.add(new FieldError(path, path + ": no field named " + quote(name) + " in spec.fields"));
            } else if (field.type() != null && !field.type().isTextual()) {
                errors.add(new FieldError(path, path + " (" + name + "): only string and text fields can be searched, "
                        + name + " is " + field.type().manifestName()));
            } else if (neverIndexed(field)) {
                errors.add(new FieldError(path, path + " (" + name + "): a " + (field.masking() != null ? "masked"
                        : field.sensitivity().manifestName()) + " field is never indexed for search (its value "
                        + "would be searchable in clear); search by another field"));
            } else if (!seen.add(name)) {
                errors.add(new FieldError(path, path + " (" + name + "): listed twice"));
            }
        }
    }

    private static void checkMigrations(List<MigrationStep> migrations, List<FieldError> errors) {
        if (migrations.size() > MAX_MIGRATIONS) {
            errors.add(new FieldError("spec.migrations", "spec.migrations: at most " + MAX_MIGRATIONS
                    + " entries are allowed, got " + migrations.size()));
            return;
        }
        for (int i = 0; i < migrations.size(); i++) {
            MigrationStep step = migrations.get(i);
            String path = "spec.migrations[" + i + "]";
            if (step.type() == null) {
                errors.add(new FieldError(path + ".type", path + ": type is required, one of "
                        + MigrationType.manifestNames()));
            }
            checkColumn(step.column(), path + ".column", "column", errors);
            checkText(step.reason(), path + ".reason", "reason", MAX_REASON_CHARS, errors);
            checkMigrationTarget(step, path + ".to", errors);
        }
    }

    private static void checkMigrationTarget(MigrationStep step, String at, List<FieldError> errors) {
        if (step.type() == MigrationType.RENAME_COLUMN) {
            checkColumn(step.to(), at, "to (the new column name)", errors);
        } else if (step.type() == MigrationType.CHANGE_TYPE && step.to() != null
                && FieldType.fromManifestName(step.to()).isEmpty()) {
            errors.add(new FieldError(at, at + ": to must be the new type, one of " + FieldType.manifestNames()
                    + ", got " + quote(step.to())));
        } else if (step.type() == MigrationType.DROP_COLUMN && step.to() != null) {
            errors.add(new FieldError(at, at + ": a DropColumn entry takes no 'to'"));
        }
    }

    private static void checkColumn(String column, String at, String what, List<FieldError> errors) {
        if (column == null || column.isBlank()) {
            errors.add(new FieldError(at, at + ": " + what + " is required"));
        } else if (!FIELD_NAME.matcher(column).matches()) {
            errors.add(new FieldError(at, at + ": " + what + " must be a field name matching [a-z][a-z0-9_]{0,62}, got "
                    + quote(column)));
        }
    }

    private static void checkText(String text, String at, String what, int maxChars, List<FieldError> errors) {
        if (text == null || text.isBlank()) {
            errors.add(new FieldError(at, at + ": " + what + " must not be empty"));
        } else if (text.length() > maxChars) {
            errors.add(new FieldError(at, at + ": " + what + " must be at most " + maxChars + " characters, got "
                    + text.length()));
        } else if (!ManifestProblems.isClean(text)) {
            errors.add(new FieldError(at, at + ": " + what + " contains control or non-printable characters"));
        }
    }
}
