package sh.velocity.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sh.velocity.cli.FakeApi.Answer;

/**
 * {@code velocity apply}: several documents per file, directories in name order, stdin; each kind
 * to its route with the body it maps to; everything checked before anything is sent; the first
 * refusal stops the run and says what was and was not applied.
 */
class ApplyCommandTest {

    private static final String KEY = "vk_apply_test_key";

    @TempDir
    Path dir;

    private FakeApi api;
    private Map<String, String> env;

    static String schema(String name) {
        return """
                apiVersion: velocity.sh/v1
                kind: SchemaDefinition
                metadata:
                  name: %s
                  namespace: acme
                spec:
                  domain: supply-chain
                  subdomain: procurement
                  version: v1
                  fields:
                    - name: po_number
                      type: string
                      maxLength: 32
                """.formatted(name);
    }

    static final String BINDING = """
            apiVersion: velocity.sh/v1
            kind: RoleBinding
            metadata:
              name: %s
            spec:
              principal: %s
              role: reader
              path: acme/supply-chain
            """;

    static final String RETENTION = """
            apiVersion: velocity.sh/v1
            kind: RetentionPolicy
            metadata:
              name: %s-audit
              namespace: %s
            spec:
              audit:
                retain: %s
            """;

    @BeforeEach
    void start() throws IOException {
        api = new FakeApi(KEY);
        env = api.env(dir);
        api.on("POST /schemas", r -> {
            if (r.body().contains("name: bad")) {
                return Answer.problem(400, "INVALID_MANIFEST", "spec.fields[0].maxLength is required");
            }
            if (r.body().contains("name: same") || r.body().contains("\"same\"")) {
                return Answer.empty(204);
            }
            String name = r.body().contains("name: changed") ? "changed" : "created";
            String path = "acme/supply-chain/procurement/" + (name.equals("changed") ? "changed" : "po") + "/v1";
            return Answer.json(name.equals("created") ? 201 : 200, "{\"schemaPath\":\"" + path + "\",\"generation\":"
                    + (name.equals("created") ? 1 : 2) + ",\"outcome\":\"" + name + "\",\"changes\":"
                    + (name.equals("created") ? "[]" : "[\"field notes added\"]") + "}");
        });
        api.on("GET /schemas/acme/supply-chain/procurement/same/v1", Answer.json(200, "{\"generation\":3}"));
        api.on("GET /role-bindings", Answer.json(200, "{\"items\":[{\"id\":\"rb-1\",\"principal\":\"alice\","
                + "\"role\":\"reader\",\"pathPrefix\":\"acme/supply-chain\"}],\"nextCursor\":null}"));
        api.on("POST /role-bindings", Answer.json(201, "{\"id\":\"rb-2\",\"principal\":\"bob\",\"role\":\"reader\","
                + "\"pathPrefix\":\"acme/supply-chain\"}"));
        api.on("GET /audit/retention", Answer.json(200, "{\"items\":[{\"namespace\":\"acme\",\"retain\":\"400d\"}],"
                + "\"nextCursor\":null}"));
        api.on("PUT /audit/retention/globex", r -> Answer.json(200, "{\"namespace\":\"globex\",\"retain\":\"90d\"}"));
    }

    @AfterEach
    void stop() {
        api.close();
    }

    private Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
        return p;
    }

    @Test
    void everyDocumentOfAFileGoesToItsKindsRouteInOrder() throws IOException {
        Path file = write("all.yaml", "# several kinds\n" + schema("po") + "---\n" + BINDING.formatted("bob-reads", "bob")
                + "---\n" + BINDING.formatted("alice-reads", "alice") + "---\n" + RETENTION.formatted("acme", "acme", "400d")
                + "---\n" + RETENTION.formatted("globex", "globex", "90d") + "---\n");
        CliRun r = CliRun.run(env, "apply", "-f", file.toString());
        assertEquals(0, r.exit(), r.toString());
        List<String> lines = r.out().lines().toList();
        assertEquals(List.of(
                "SchemaDefinition acme/supply-chain/procurement/po/v1 created (generation 1)",
                "RoleBinding bob-reads created (bob is reader on acme/supply-chain, id rb-2)",
                "RoleBinding alice-reads unchanged (alice is reader on acme/supply-chain, id rb-1)",
                "RetentionPolicy acme-audit unchanged (acme keeps audit events 400d)",
                "RetentionPolicy globex-audit created (globex keeps audit events 90d)"), lines);

        FakeApi.Request schema = api.requests("POST /schemas").get(0);
        assertEquals("application/yaml", schema.header("content-type"));
        assertEquals(schema("po"), schema.body(), "the document's own text, without the comment or the separator");
        assertEquals(Json.createObjectBuilder().add("principal", "bob").add("role", "reader")
                .add("schemaPrefix", "acme/supply-chain").build(), json(api.requests("POST /role-bindings").get(0).body()));
        assertEquals(1, api.requests("POST /role-bindings").size(), "an existing binding is not granted twice");
        assertEquals("{\"retain\":\"90d\"}", api.requests("PUT /audit/retention/globex").get(0).body());
        assertTrue(api.requests("PUT /audit/retention/acme").isEmpty());
    }

    @Test
    void jsonAndYamlOutputListEveryDocumentWithItsOutcome() throws IOException {
        Path file = write("two.yaml", schema("changed") + "---\n" + schema("same"));
        JsonArray applied = CliRun.run(env, "apply", "-f", file.toString(), "-o", "json").json().getJsonArray("applied");
        assertEquals(2, applied.size());
        JsonObject changed = applied.getJsonObject(0);
        assertEquals("changed", changed.getString("outcome"));
        assertEquals(2, changed.getInt("generation"));
        assertEquals("field notes added", changed.getJsonArray("changes").getString(0));
        assertEquals(file + ":1 (SchemaDefinition changed)", changed.getString("document"));
        JsonObject same = applied.getJsonObject(1);
        assertEquals("unchanged", same.getString("outcome"));
        assertEquals(3, same.getInt("generation"), "a 204 has no body: the generation is read back");
        assertEquals(15, same.getInt("line"), "13 lines, the separator, then the second document");

        CliRun yaml = CliRun.run(env, "apply", "-f", file.toString(), "-o", "yaml");
        assertEquals(0, yaml.exit(), yaml.toString());
        Object back = new org.yaml.snakeyaml.Yaml().load(yaml.out());
        assertEquals(2, ((List<?>) ((Map<?, ?>) back).get("applied")).size());

        CliRun text = CliRun.run(env, "apply", "-f", file.toString());
        assertEquals("SchemaDefinition acme/supply-chain/procurement/changed/v1 changed (generation 2)\n"
                + "  field notes added\n"
                + "SchemaDefinition acme/supply-chain/procurement/same/v1 unchanged (generation 3)\n", text.out());
    }

    @Test
    void aDirectoryIsAppliedInNameOrderAndStdinToo() throws IOException {
        write("manifests/b.yaml", schema("changed"));
        write("manifests/a.json", "{\"apiVersion\":\"velocity.sh/v1\",\"kind\":\"SchemaDefinition\","
                + "\"metadata\":{\"name\":\"same\",\"namespace\":\"acme\"},\"spec\":{\"domain\":\"supply-chain\","
                + "\"subdomain\":\"procurement\",\"version\":\"v1\",\"fields\":[]}}");
        write("manifests/notes.txt", "not a manifest");
        write("manifests/nested/c.yaml", "kind: Nothing");
        CliRun r = CliRun.run(env, "apply", "-f", dir.resolve("manifests").toString(), "-o", "json");
        assertEquals(0, r.exit(), r.toString());
        JsonArray applied = r.json().getJsonArray("applied");
        assertEquals(2, applied.size());
        assertTrue(applied.getJsonObject(0).getString("source").endsWith("a.json"));
        assertTrue(applied.getJsonObject(1).getString("source").endsWith("b.yaml"));
        assertEquals("application/json", api.requests("POST /schemas").get(0).header("content-type"));

        CliRun stdin = CliRun.run(env, schema("po"), false, "apply", "-f", "-");
        assertEquals(0, stdin.exit(), stdin.toString());
        assertEquals("SchemaDefinition acme/supply-chain/procurement/po/v1 created (generation 1)\n", stdin.out());
    }

    @Test
    void aCompliancePackGoesToTheSchemaAdmissionPathAsItsOwnText() throws IOException {
        String pack = """
                apiVersion: velocity.sh/v1
                kind: CompliancePack
                metadata:
                  name: pci-dss
                  namespace: acme
                spec:
                  builtin: pci-dss
                """;
        api.on("POST /schemas", r -> r.body().contains("kind: CompliancePack")
                ? Answer.json(201, "{\"kind\":\"CompliancePack\",\"namespace\":\"acme\",\"name\":\"pci-dss\","
                        + "\"generation\":1,\"outcome\":\"created\",\"controls\":4}")
                : Answer.problem(400, "INVALID_MANIFEST", "unexpected"));
        Path file = write("pack.yaml", pack);
        CliRun r = CliRun.run(env, "apply", "-f", file.toString());
        assertEquals(0, r.exit(), r.toString());
        assertEquals("CompliancePack pci-dss created (enabled for acme, 4 controls)\n", r.out());
        assertEquals(pack, api.requests("POST /schemas").get(0).body());
        assertEquals("application/yaml", api.requests("POST /schemas").get(0).header("content-type"));
    }

    @Test
    void anUnknownKindOrAMisspeltKeyIsAUsageErrorNamingTheDocumentAndNothingIsSent() throws IOException {
        Path file = write("mixed.yaml", schema("po") + "---\napiVersion: velocity.sh/v1\nkind: ApprovalPolicy\n"
                + "metadata:\n  name: soc2\n");
        CliRun r = CliRun.run(env, "apply", "-f", file.toString());
        assertEquals(2, r.exit(), r.toString());
        assertTrue(r.err().contains(file + ":15 (ApprovalPolicy soc2): unknown kind 'ApprovalPolicy'; apply takes "
                + "SchemaDefinition, RoleBinding, RetentionPolicy, CompliancePack"), r.err());
        assertTrue(api.requests.isEmpty(), "nothing applied: " + api.requests);

        Path typo = write("typo.yaml", BINDING.formatted("x", "bob").replace("principal:", "princpal:"));
        CliRun t = CliRun.run(env, "apply", "-f", typo.toString(), "-o", "json");
        assertEquals(2, t.exit());
        assertTrue(t.json().getJsonObject("error").getString("message").contains("unknown key spec.princpal"), t.out());

        Path broken = write("broken.yaml", schema("po") + "---\nkind: [unclosed\n");
        CliRun b = CliRun.run(env, "apply", "-f", broken.toString());
        assertEquals(2, b.exit());
        assertTrue(b.err().contains(broken + ":"), b.err());
        assertTrue(api.requests.isEmpty());
        assertEquals(2, CliRun.run(env, "apply", "-f", dir.resolve("missing.yaml").toString()).exit());
    }

    @Test
    void theFirstRefusalStopsTheRunAndSaysWhatWasApplied() throws IOException {
        Path file = write("three.yaml", schema("po") + "---\n" + schema("bad") + "---\n" + schema("changed"));
        CliRun r = CliRun.run(env, "apply", "-f", file.toString());
        assertEquals(3, r.exit(), r.toString());
        assertEquals("SchemaDefinition acme/supply-chain/procurement/po/v1 created (generation 1)\n", r.out());
        assertTrue(r.err().contains(file + ":15 (SchemaDefinition bad): spec.fields[0].maxLength is required"), r.err());
        assertTrue(r.err().contains("400 INVALID_MANIFEST"), r.err());
        assertTrue(r.err().contains("Applied 1 of 3 documents; stopped at " + file + ":15 (SchemaDefinition bad)."), r.err());
        assertTrue(r.err().contains("Not applied: " + file + ":29 (SchemaDefinition changed)"), r.err());
        assertEquals(2, api.requests("POST /schemas").size(), "the third document is never sent");

        CliRun json = CliRun.run(env, "apply", "-f", file.toString(), "-o", "json");
        assertEquals(3, json.exit());
        JsonObject doc = json.json();
        assertEquals(1, doc.getJsonArray("applied").size());
        assertEquals("INVALID_MANIFEST", doc.getJsonObject("error").getString("code"));
        assertEquals(file + ":15 (SchemaDefinition bad)", doc.getJsonObject("error").getString("document"));
        assertEquals(2, doc.getJsonArray("notApplied").size());
        assertFalse(json.out().contains(KEY) || json.err().contains(KEY));
    }

    private static JsonObject json(String s) {
        try (var r = Json.createReader(new StringReader(s))) {
            return r.readObject();
        }
    }
}
