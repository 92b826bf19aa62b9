package sh.velocity.cli.command;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import sh.velocity.cli.http.ApiResponse;
import sh.velocity.cli.http.VelocityClient;
import sh.velocity.cli.io.CliFailure;
import sh.velocity.cli.manifest.ManifestDocument;
import sh.velocity.cli.manifest.RetentionPolicyManifest;
import sh.velocity.cli.manifest.RoleBindingManifest;

/**
 * Where each manifest kind goes, and the outcome in the words of {@code POST /schemas}: created,
 * changed or unchanged.
 *
 * <ul>
 *   <li>SchemaDefinition: the document's own text to {@code POST /schemas}; 201 created, 200 changed
 *       (with the changes), 204 unchanged (the generation then read with {@code GET /schemas/{path}}).</li>
 *   <li>RoleBinding: {@code POST /role-bindings}, unless a binding with the same principal, role and
 *       path exists (then unchanged), so applying a file twice grants nothing twice.</li>
 *   <li>RetentionPolicy: {@code PUT /audit/retention/{namespace}}, unless the namespace already has
 *       that retention (unchanged).</li>
 *   <li>CompliancePack: the document's own text to {@code POST /schemas}, the same admission path as
 *       a SchemaDefinition; 201 created, 200 changed, 204 unchanged.</li>
 * </ul>
 */
final class ManifestApplier {

    static final String SCHEMA_DEFINITION = "SchemaDefinition";
    static final String COMPLIANCE_PACK = "CompliancePack";
    static final List<String> KINDS = List.of(SCHEMA_DEFINITION, RoleBindingManifest.KIND, RetentionPolicyManifest.KIND,
            COMPLIANCE_PACK);

    private final VelocityClient client;
    private List<JsonObject> bindings;
    private Map<String, String> retention;
    private boolean retentionKnown = true;

    ManifestApplier(VelocityClient client) {
        this.client = client;
    }

    /** A checked document, ready to apply: {@code roleBinding} or {@code retention} set for those kinds. */
    record Step(ManifestDocument document, RoleBindingManifest roleBinding, RetentionPolicyManifest retention) {
    }

    /** Checks a document before anything is sent; an unknown kind is a usage error naming the document. */
    static Step plan(ManifestDocument d) {
        String kind = d.kind();
        if (kind == null) {
            throw d.invalid("no kind; apply takes " + String.join(", ", KINDS));
        }
        return switch (kind) {
            case SCHEMA_DEFINITION, COMPLIANCE_PACK -> new Step(d, null, null);
            case RoleBindingManifest.KIND -> new Step(d, RoleBindingManifest.of(d), null);
            case RetentionPolicyManifest.KIND -> new Step(d, null, RetentionPolicyManifest.of(d));
            default -> throw d.invalid("unknown kind '" + kind + "'; apply takes " + String.join(", ", KINDS));
        };
    }

    JsonObject apply(Step step) {
        if (step.roleBinding() != null) {
            return roleBinding(step.roleBinding());
        }
        if (step.retention() != null) {
            return retention(step.retention());
        }
        if (COMPLIANCE_PACK.equals(step.document().kind())) {
            return pack(step.document());
        }
        return schema(step.document());
    }

    private JsonObject pack(ManifestDocument d) {
        ApiResponse r = client.call("POST", "/schemas", d.mediaType(), d.text(), Map.of());
        JsonObjectBuilder b = base(d, COMPLIANCE_PACK, d.name());
        if (d.namespace() != null) {
            b.add("namespace", d.namespace());
        }
        if (r.status() == 204 || !r.hasBody()) {
            return b.add("outcome", "unchanged").build();
        }
        JsonObject body = r.object();
        b.add("outcome", body.getString("outcome", r.status() == 201 ? "created" : "changed"));
        if (body.containsKey("generation")) {
            b.add("generation", body.get("generation"));
        }
        if (body.containsKey("controls")) {
            b.add("controls", body.get("controls"));
        }
        return b.build();
    }

    private JsonObject schema(ManifestDocument d) {
        ApiResponse r = client.call("POST", "/schemas", d.mediaType(), d.text(), Map.of());
        JsonObjectBuilder b = base(d, SCHEMA_DEFINITION, d.name());
        if (r.status() == 204 || !r.hasBody()) {
            b.add("outcome", "unchanged");
            schemaPath(d).ifPresent(path -> {
                b.add("schemaPath", path);
                generation(path).ifPresent(g -> b.add("generation", g));
            });
            return b.build();
        }
        JsonObject body = r.object();
        String outcome = body.getString("outcome", r.status() == 201 ? "created" : "changed");
        b.add("outcome", outcome);
        if (body.containsKey("schemaPath")) {
            b.add("schemaPath", body.get("schemaPath"));
        }
        if (body.containsKey("generation")) {
            b.add("generation", body.get("generation"));
        }
        b.add("changes", body.getOrDefault("changes", JsonValue.EMPTY_JSON_ARRAY));
        return b.build();
    }

    private JsonObject roleBinding(RoleBindingManifest m) {
        JsonObjectBuilder b = base(m.document(), RoleBindingManifest.KIND, m.name()).add("principal", m.principal())
                .add("role", m.role()).add("path", m.path());
        Optional<JsonObject> existing = bindings().stream().filter(x -> m.principal().equals(Cells.text(x, "principal"))
                && m.role().equals(Cells.text(x, "role")) && m.path().equals(Cells.text(x, "pathPrefix"))).findFirst();
        if (existing.isPresent()) {
            return b.add("outcome", "unchanged").add("id", Cells.text(existing.get(), "id")).build();
        }
        String body = Json.createObjectBuilder().add("principal", m.principal()).add("role", m.role())
                .add("schemaPrefix", m.path()).build().toString();
        JsonObject created = client.call("POST", "/role-bindings", "application/json", body, Map.of()).object();
        bindings.add(created);
        return b.add("outcome", "created").add("id", Cells.text(created, "id")).build();
    }

    private JsonObject retention(RetentionPolicyManifest m) {
        JsonObjectBuilder b = base(m.document(), RetentionPolicyManifest.KIND, m.name())
                .add("namespace", m.namespace()).add("retain", m.retain());
        String current = retention().get(m.namespace());
        if (m.retain().equals(current)) {
            return b.add("outcome", "unchanged").build();
        }
        client.call("PUT", "/audit/retention/" + m.namespace(), "application/json",
                Json.createObjectBuilder().add("retain", m.retain()).build().toString(), Map.of()).object();
        retention.put(m.namespace(), m.retain());
        return b.add("outcome", !retentionKnown ? "configured" : current == null ? "created" : "changed").build();
    }

    private static JsonObjectBuilder base(ManifestDocument d, String kind, String name) {
        JsonObjectBuilder b = Json.createObjectBuilder().add("document", d.label()).add("source", d.source())
                .add("line", d.line()).add("kind", kind);
        return name == null ? b.addNull("name") : b.add("name", name);
    }

    /**
     * The bindings that exist, read once per run. A key that may grant on its prefix but not list
     * every binding (403) cannot tell; then each binding is simply created.
     */
    private List<JsonObject> bindings() {
        if (bindings == null) {
            bindings = new java.util.ArrayList<>();
            try {
                client.call("GET", "/role-bindings", null, null, Map.of()).object().getJsonArray("items")
                        .forEach(v -> bindings.add(v.asJsonObject()));
            } catch (CliFailure f) {
                if (!forbidden(f)) {
                    throw f;
                }
            }
        }
        return bindings;
    }

    /** Each namespace's retention, read once per run; a key without audit.read only sets it ("configured"). */
    private Map<String, String> retention() {
        if (retention == null) {
            retention = new java.util.HashMap<>();
            try {
                client.call("GET", "/audit/retention", null, null, Map.of()).object().getJsonArray("items")
                        .forEach(v -> retention.put(Cells.text(v.asJsonObject(), "namespace"),
                                Cells.text(v.asJsonObject(), "retain")));
            } catch (CliFailure f) {
                if (!forbidden(f)) {
                    throw f;
                }
                retentionKnown = false;
            }
        }
        return retention;
    }

    private static boolean forbidden(CliFailure f) {
        return f.status() != null && f.status() == 403;
    }

    /** namespace/domain/subdomain/name/version from the manifest, when all five are there. */
    private static Optional<String> schemaPath(ManifestDocument d) {
        JsonObject spec = d.content().get("spec") instanceof JsonObject s ? s : JsonValue.EMPTY_JSON_OBJECT;
        String[] parts = {d.namespace(), Cells.text(spec, "domain"), Cells.text(spec, "subdomain"), d.name(),
                Cells.text(spec, "version")};
        for (String p : parts) {
            if (p == null || p.isEmpty()) {
                return Optional.empty();
            }
        }
        try {
            return Optional.of(Routes.schemaPath(String.join("/", parts)));
        } catch (CliFailure e) {
            return Optional.empty();
        }
    }

    /** The current generation, if this key may read the schema; the apply itself already succeeded. */
    private Optional<JsonValue> generation(String path) {
        try {
            return Optional.ofNullable(client.call("GET", "/schemas/" + path, null, null, Map.of()).object()
                    .get("generation"));
        } catch (CliFailure e) {
            return Optional.empty();
        }
    }
}
