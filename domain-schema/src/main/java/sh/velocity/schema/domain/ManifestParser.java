package sh.velocity.schema.domain;

import static sh.velocity.schema.domain.ManifestProblems.clip;
import static sh.velocity.schema.domain.ManifestProblems.quote;
import static sh.velocity.schema.domain.ManifestProblems.rejection;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import sh.velocity.kernel.SchemaPath;
import sh.velocity.kernel.problem.FieldError;

/**
 * Turns untrusted SchemaDefinition text, YAML or JSON (including {@link ManifestJson}'s canonical
 * form), into an admitted {@link SchemaManifest}. It is the boundary where hostile input stops:
 * {@link ManifestYaml} caps and safely loads the text, {@link ManifestReader} checks every value's
 * shape and rejects unknown keys, {@link ManifestSchemaPath} builds the schema path, and
 * {@link ManifestAdmission} applies the semantic rules. Every failure leaves as one
 * {@code VelocityException(INVALID_MANIFEST)} listing all problems with their manifest paths; no
 * parser exception, {@code ClassCastException} or {@code NumberFormatException} escapes, and no
 * message repeats more than a short, sanitised piece of the input. Thread-safe: each call builds its
 * own SnakeYAML instance.
 */
public final class ManifestParser {

    public static final int MAX_MANIFEST_CHARS = ManifestYaml.MAX_MANIFEST_CHARS;
    public static final int MAX_ALIASES = ManifestYaml.MAX_ALIASES;
    public static final int MAX_NESTING_DEPTH = ManifestYaml.MAX_NESTING_DEPTH;

    private static final List<String> TOP_KEYS = List.of("apiVersion", "kind", "metadata", "spec");
    private static final List<String> METADATA_KEYS = List.of("name", "namespace", "annotations");
    private static final List<String> SPEC_KEYS =
            List.of("domain", "subdomain", "version", "fields", "validation", "search", "migrations");
    private static final List<String> FIELD_KEYS =
            List.of("name", "type", "maxLength", "required", "sensitivity", "masking", "subjectIdentifier");
    private static final List<String> MASKING_KEYS = List.of("strategy", "visibleChars");
    private static final List<String> VALIDATION_KEYS = List.of("rules");
    private static final List<String> RULE_KEYS = List.of("rule", "message", "maxExecutionMs");
    private static final List<String> SEARCH_KEYS = List.of("tier", "fields");
    private static final List<String> MIGRATION_KEYS = List.of("type", "column", "reason", "to");

    private final ManifestAdmission admission;

    public ManifestParser() {
        this(new ManifestAdmission());
    }

    public ManifestParser(ManifestAdmission admission) {
        this.admission = Objects.requireNonNull(admission, "admission");
    }

    /**
     * Parses and admits a SchemaDefinition.
     *
     * @throws sh.velocity.kernel.problem.VelocityException {@code INVALID_MANIFEST} with every problem found
     */
    public SchemaManifest parse(String text) {
        Map<?, ?> root = ManifestYaml.load(text);
        header(root, true);
        ManifestReader reader = new ManifestReader();
        Map<String, Object> top = reader.mapping(root, "", TOP_KEYS);
        Map<String, Object> metadata = section(reader, top, "metadata", METADATA_KEYS);
        Map<String, Object> spec = section(reader, top, "spec", SPEC_KEYS);

        SchemaPath path = ManifestSchemaPath.read(reader, metadata, spec);
        Map<String, String> annotations = annotations(reader, metadata);
        List<FieldDefinition> fields = fields(reader, spec);
        List<ValidationRule> rules = rules(reader, spec);
        SearchSpec search = search(reader, spec);
        List<MigrationStep> migrations = migrations(reader, spec);

        List<FieldError> errors = new ArrayList<>(reader.errors());
        errors.addAll(notAlreadyReported(
                admission.bodyViolations(annotations, fields, rules, search, migrations), reader.errors()));
        if (path == null && errors.isEmpty()) {
            errors.add(new FieldError("metadata.name", "the schema path could not be built"));
        }
        if (!errors.isEmpty()) {
            throw rejection(errors);
        }
        return new SchemaManifest(SchemaManifest.API_VERSION, SchemaManifest.KIND, path, annotations, fields,
                rules, search, migrations);
    }

    /**
     * The {@code kind} of any Velocity manifest, reading nothing but {@code apiVersion} and
     * {@code kind}, so a caller can route RoleBinding, RetentionPolicy, … to their own parsers.
     *
     * @throws sh.velocity.kernel.problem.VelocityException {@code INVALID_MANIFEST} when the text is
     *     not a single YAML/JSON mapping with apiVersion {@code velocity.sh/v1} and a kind
     */
    public static String kindOf(String text) {
        return header(document(text), false);
    }

    /** The single top-level mapping of any manifest's text, within the admission path's limits. */
    public static Map<?, ?> document(String text) {
        return ManifestYaml.load(text);
    }


    /** Checks apiVersion and kind before anything else, so a wrong kind is not reported as 30 unknown keys. */
    private static String header(Map<?, ?> root, boolean schemaDefinitionOnly) {
        List<FieldError> errors = new ArrayList<>();
        Object apiVersion = root.get("apiVersion");
        Object kind = root.get("kind");
        if (apiVersion == null) {
            errors.add(new FieldError("apiVersion", "apiVersion is required; use " + SchemaManifest.API_VERSION));
        } else if (!SchemaManifest.API_VERSION.equals(apiVersion)) {
            errors.add(new FieldError("apiVersion", "apiVersion must be " + SchemaManifest.API_VERSION + ", got "
                    + shown(apiVersion)));
        }
        if (kind == null) {
            errors.add(new FieldError("kind", "kind is required, e.g. " + SchemaManifest.KIND));
        } else if (!(kind instanceof String name) || name.isBlank()) {
            errors.add(new FieldError("kind", "kind must be text, got " + shown(kind)));
        } else if (schemaDefinitionOnly && !SchemaManifest.KIND.equals(name)) {
            errors.add(new FieldError("kind", "kind must be " + SchemaManifest.KIND + " here, got " + quote(name)));
        }
        if (!errors.isEmpty()) {
            throw rejection(errors);
        }
        return (String) kind;
    }

    private static String shown(Object value) {
        return value instanceof String text ? quote(text) : ManifestReader.describe(value);
    }

    private static Map<String, Object> section(ManifestReader reader, Map<String, Object> top, String key,
            List<String> allowed) {
        Object node = top == null ? null : top.get(key);
        if (node == null) {
            reader.error(key, key + " is required");
            return null;
        }
        return reader.mapping(node, key, allowed);
    }

    private static Object value(Map<String, Object> parent, String key) {
        return parent == null ? null : parent.get(key);
    }

    private static Map<String, String> annotations(ManifestReader reader, Map<String, Object> metadata) {
        Map<String, Object> raw = reader.mapping(value(metadata, "annotations"), "metadata.annotations", null);
        Map<String, String> annotations = new LinkedHashMap<>();
        if (raw != null) {
            raw.forEach((key, value) -> {
                String at = "metadata.annotations[" + clip(key) + "]";
                String text = reader.text(value, at);
                if (text != null) {
                    annotations.put(key, text);
                } else if (value == null) {
                    reader.error(at, at + " must be text, got nothing (null)");
                }
            });
        }
        return annotations;
    }

    private static List<FieldDefinition> fields(ManifestReader reader, Map<String, Object> spec) {
        List<?> items = reader.list(spec, "fields", "spec");
        List<FieldDefinition> fields = new ArrayList<>();
        for (int i = 0; items != null && i < items.size(); i++) {
            String path = "spec.fields[" + i + "]";
            Map<String, Object> field = entry(reader, items.get(i), path, FIELD_KEYS);
            Sensitivity sensitivity = reader.choice(field, "sensitivity", path, Sensitivity::fromManifestName,
                    Sensitivity.manifestNames());
            fields.add(new FieldDefinition(
                    reader.text(field, "name", path),
                    reader.choice(field, "type", path, FieldType::fromManifestName, FieldType.manifestNames()),
                    reader.integer(field, "maxLength", path),
                    reader.bool(field, "required", path, false),
                    sensitivity == null ? Sensitivity.NONE : sensitivity,
                    masking(reader, field, path),
                    reader.bool(field, "subjectIdentifier", path, false)));
        }
        return fields;
    }

    private static MaskingSpec masking(ManifestReader reader, Map<String, Object> field, String path) {
        String at = path + ".masking";
        Map<String, Object> masking = reader.mapping(value(field, "masking"), at, MASKING_KEYS);
        if (masking == null) {
            return null;
        }
        MaskingStrategy strategy = reader.choice(masking, "strategy", at, MaskingStrategy::fromManifestName,
                MaskingStrategy.manifestNames());
        Integer visible = reader.integer(masking, "visibleChars", at);
        if (visible == null) {
            visible = strategy == MaskingStrategy.PARTIAL ? MaskingSpec.DEFAULT_VISIBLE_CHARS : 0;
        }
        return new MaskingSpec(strategy, visible);
    }

    private static List<ValidationRule> rules(ManifestReader reader, Map<String, Object> spec) {
        Map<String, Object> validation = reader.mapping(value(spec, "validation"), "spec.validation", VALIDATION_KEYS);
        List<?> items = reader.list(validation, "rules", "spec.validation");
        List<ValidationRule> rules = new ArrayList<>();
        for (int i = 0; items != null && i < items.size(); i++) {
            String path = "spec.validation.rules[" + i + "]";
            Map<String, Object> rule = entry(reader, items.get(i), path, RULE_KEYS);
            Integer bound = reader.integer(rule, "maxExecutionMs", path);
            rules.add(new ValidationRule(reader.text(rule, "rule", path), reader.text(rule, "message", path),
                    bound == null ? ValidationRule.DEFAULT_MAX_EXECUTION_MS : bound));
        }
        return rules;
    }

    private static SearchSpec search(ManifestReader reader, Map<String, Object> spec) {
        Map<String, Object> search = reader.mapping(value(spec, "search"), "spec.search", SEARCH_KEYS);
        if (search == null) {
            return SearchSpec.DEFAULT;
        }
        Integer tier = reader.integer(search, "tier", "spec.search");
        List<?> items = reader.list(search, "fields", "spec.search");
        List<String> fields = new ArrayList<>();
        for (int i = 0; items != null && i < items.size(); i++) {
            String at = "spec.search.fields[" + i + "]";
            String name = reader.text(items.get(i), at);
            if (items.get(i) == null) {
                reader.error(at, at + " must be a field name, got nothing (null)");
            }
            fields.add(name == null ? "" : name);
        }
        return new SearchSpec(tier == null ? SearchSpec.POSTGRES_TIER : tier, fields);
    }

    private static List<MigrationStep> migrations(ManifestReader reader, Map<String, Object> spec) {
        List<?> items = reader.list(spec, "migrations", "spec");
        List<MigrationStep> migrations = new ArrayList<>();
        for (int i = 0; items != null && i < items.size(); i++) {
            String path = "spec.migrations[" + i + "]";
            Map<String, Object> step = entry(reader, items.get(i), path, MIGRATION_KEYS);
            migrations.add(new MigrationStep(
                    reader.choice(step, "type", path, MigrationType::fromManifestName, MigrationType.manifestNames()),
                    reader.text(step, "column", path),
                    reader.text(step, "reason", path),
                    reader.text(step, "to", path)));
        }
        return migrations;
    }

    /** A list entry that must be a mapping; null (reported) otherwise, which reads as all keys absent. */
    private static Map<String, Object> entry(ManifestReader reader, Object node, String path, List<String> allowed) {
        if (node == null) {
            reader.error(path, path + " must be a mapping, got nothing (null)");
            return null;
        }
        return reader.mapping(node, path, allowed);
    }

    /**
     * Drops admission findings about a value the reader already rejected (a bad {@code type} reads as
     * absent and would otherwise be reported again as "type is required"), and search-field findings
     * when a field itself was unreadable (its name may be the one the search refers to).
     */
    private static List<FieldError> notAlreadyReported(List<FieldError> findings, List<FieldError> reported) {
        Set<String> located = reported.stream().map(FieldError::field).collect(Collectors.toSet());
        boolean fieldsUnreadable = located.stream().anyMatch(at -> at.startsWith("spec.fields"));
        return findings.stream()
                .filter(finding -> located.stream().noneMatch(at -> within(finding.field(), at)))
                .filter(finding -> !(fieldsUnreadable && within(finding.field(), "spec.search.fields")))
                .toList();
    }

    private static boolean within(String field, String at) {
        return field.equals(at) || field.startsWith(at + ".") || field.startsWith(at + "[");
    }
}
