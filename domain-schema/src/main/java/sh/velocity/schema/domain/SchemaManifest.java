package sh.velocity.schema.domain;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import sh.velocity.kernel.SchemaPath;

/**
 * A SchemaDefinition manifest (CONTRACT.md §1) as an immutable value. Domain and subdomain live in
 * {@link #path()}, which is always a legal schema path. Collections are copied and never null, and an
 * absent {@code search} block reads as {@link SearchSpec#DEFAULT}. Construction checks only shape; a
 * manifest is fit to drive DDL once {@link ManifestAdmission#admit} accepted it (which
 * {@link ManifestParser#parse} always does).
 */
public record SchemaManifest(
        String apiVersion,
        String kind,
        SchemaPath path,
        Map<String, String> annotations,
        List<FieldDefinition> fields,
        List<ValidationRule> rules,
        SearchSpec search,
        List<MigrationStep> migrations) {

    public static final String API_VERSION = "velocity.sh/v1";
    public static final String KIND = "SchemaDefinition";
    /** The annotation whose value {@value #APPROVED} approves a breaking change. */
    public static final String BREAKING_CHANGE_ANNOTATION = "velocity.sh/breaking-change";
    public static final String APPROVED = "approved";

    public SchemaManifest {
        Objects.requireNonNull(path, "path");
        annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
        fields = fields == null ? List.of() : List.copyOf(fields);
        rules = rules == null ? List.of() : List.copyOf(rules);
        search = search == null ? SearchSpec.DEFAULT : search;
        migrations = migrations == null ? List.of() : List.copyOf(migrations);
    }

    /** True when {@code velocity.sh/breaking-change} is {@code approved}. */
    public boolean breakingChangeApproved() {
        return APPROVED.equals(annotations.get(BREAKING_CHANGE_ANNOTATION));
    }

    /** The field called {@code name}, if declared. */
    public Optional<FieldDefinition> field(String name) {
        return fields.stream().filter(f -> Objects.equals(f.name(), name)).findFirst();
    }

    /** The deterministic JSON form, for the jsonb column; see {@link ManifestJson#canonical}. */
    public String toCanonicalJson() {
        return ManifestJson.canonical(this);
    }

    /** SHA-256 (lowercase hex) of the canonical JSON without annotations; see {@link ManifestJson#specHash}. */
    public String specHash() {
        return ManifestJson.specHash(this);
    }
}
