package sh.velocity.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import sh.velocity.it.support.Api;
import sh.velocity.it.support.Deployments;
import sh.velocity.it.support.Manifests;
import sh.velocity.it.support.Sql;

/**
 * Default deny: a key without a RoleBinding sees nothing and may write nothing. Bindings and
 * retention policies are also manifests of the one admission path ({@code POST /schemas}).
 */
@ExtendWith(ArquillianExtension.class)
class RoleBindingIT {

    private static final String PATH = Manifests.pathOf("binding-check");
    private static final String RECORDS = "/api/v1/records/" + PATH;

    @Deployment(testable = false)
    static EnterpriseArchive app() {
        return Deployments.velocity();
    }

    @Test
    void keyWithoutBindingSeesNothingUntilReadIsGrantedOnThePathPrefix() {
        Api admin = Api.admin();
        admin.post("/api/v1/schemas", "application/yaml", Manifests.exampleNamed("binding-check")).expect(201);
        String id = admin.postJson(RECORDS, record("B-1")).expect(201).json().getString("id");
        admin.postJson(RECORDS, record("B-2")).expect(201);

        String key = admin.createKey("unbound-reader");
        Api unbound = Api.withKey(key);
        assertEquals(0, unbound.get(RECORDS).expect(200).json().getJsonArray("items").size());
        unbound.get(RECORDS + "/" + id).problem(404, "NOT_FOUND");
        unbound.postJson(RECORDS, record("B-3")).problem(403, "FORBIDDEN");
        assertEquals(2, Sql.adminCount("SELECT count(*) FROM acme_supply_chain_procurement.binding_check_v1"));
        assertEquals(1, Sql.adminCount("SELECT count(*) FROM platform.audit_log WHERE actor = 'unbound-reader' "
                + "AND result = 'denied' AND operation = 'record.create'"), "the denial is audited");
        assertEquals(1, Sql.adminCount("SELECT count(*) FROM platform.audit_log WHERE actor = 'unbound-reader' "
                + "AND operation = 'record.create'"), "one event per refusal, no second 'failure' event");
        unbound.postJson(RECORDS, Json.createObjectBuilder().add("po_number", "B-4").add("amount", -1)
                .add("currency", "GBP").add("notes", "x".repeat(1001)).build()).problem(403, "FORBIDDEN");
        assertEquals(2, Sql.adminCount("SELECT count(*) FROM platform.audit_log WHERE actor = 'unbound-reader' "
                + "AND result = 'denied' AND operation = 'record.create'"), "an invalid body is refused as forbidden");
        assertEquals(2, Sql.adminCount("SELECT count(*) FROM platform.audit_log WHERE actor = 'unbound-reader' "
                + "AND operation = 'record.create'"));

        JsonObject binding = admin.postJson("/api/v1/role-bindings", Json.createObjectBuilder()
                .add("principal", "unbound-reader").add("role", "reader").add("schemaPrefix", "acme/supply-chain")
                .build()).expect(201).json();
        assertEquals("reader", binding.getString("role"));

        assertEquals(2, unbound.get(RECORDS).expect(200).json().getJsonArray("items").size());
        assertEquals("B-1", unbound.get(RECORDS + "/" + id).expect(200).json().getString("po_number"));
        unbound.postJson(RECORDS, record("B-3")).problem(403, "FORBIDDEN");

        admin.delete("/api/v1/role-bindings/" + binding.getString("id")).expect(204);
        assertEquals(0, unbound.get(RECORDS).expect(200).json().getJsonArray("items").size());
    }

    @Test
    void aReaderCannotGrantItselfMore() {
        Api admin = Api.admin();
        String key = admin.createKey("plain-reader", "reader");
        Api reader = Api.withKey(key);
        reader.postJson("/api/v1/role-bindings", Json.createObjectBuilder().add("principal", "plain-reader")
                .add("role", "platform-admin").add("schemaPrefix", "*").build()).problem(403, "FORBIDDEN");
        reader.postJson("/api/v1/api-keys", Json.createObjectBuilder().add("name", "escalated")
                .add("roles", Json.createArrayBuilder().add("platform-admin")).build()).problem(403, "FORBIDDEN");
    }

    @Test
    void systemPrincipalsCannotBeGrantedOrIssuedKeys() {
        Api admin = Api.admin();
        admin.postJson("/api/v1/role-bindings", Json.createObjectBuilder().add("principal", "system:outbox-relay")
                .add("role", "reader").add("schemaPrefix", "*").build()).problem(400, "VALIDATION_FAILED");
        admin.postJson("/api/v1/api-keys", Json.createObjectBuilder().add("name", "relay")
                .add("principal", "SYSTEM:outbox-relay").build()).problem(400, "VALIDATION_FAILED");
        assertEquals(0, Sql.adminCount("SELECT count(*) FROM platform.role_bindings WHERE principal ILIKE 'system:%'"));
        // The database refuses it too, whatever the application does (auth V2 constraints).
        for (String insert : new String[] {
                "INSERT INTO platform.role_bindings (principal, role, path_prefix, created_by) "
                        + "VALUES ('System:relay', 'reader', '*', 'test')",
                "INSERT INTO platform.api_keys (name, principal, key_hash, key_hint, created_by, expires_at) "
                        + "VALUES ('x', 'system:relay', repeat('a', 64), 'h', 'test', now() + interval '1 day')"}) {
            IllegalStateException refused = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                    () -> Sql.admin(insert));
            assertTrue(String.valueOf(refused.getCause().getMessage()).contains("not_system"), refused.toString());
        }
    }

    private static JsonObject record(String po) {
        return Json.createObjectBuilder().add("po_number", po).add("amount", 10).add("currency", "EUR").build();
    }

    @Test
    void roleBindingAndRetentionPolicyManifestsGoThroughTheAdmissionPath() {
        Api admin = Api.admin();
        String binding = """
                apiVersion: velocity.sh/v1
                kind: RoleBinding
                metadata:
                  name: manifest-readers
                spec:
                  principal: manifest-reader
                  role: reader
                  path: acme/supply-chain
                """;
        JsonObject first = admin.post("/api/v1/schemas", "application/yaml", binding).expect(200).json();
        assertEquals("applied", first.getString("outcome"));
        assertEquals("acme/supply-chain", first.getString("pathPrefix"));
        JsonObject again = admin.post("/api/v1/schemas", "application/yaml", binding).expect(200).json();
        assertEquals(first.getString("id"), again.getString("id"), "the same binding, not a second one");
        assertEquals(1, Sql.adminCount("SELECT count(*) FROM platform.role_bindings WHERE principal = 'manifest-reader'"));
        JsonObject misspelt = admin.post("/api/v1/schemas", "application/yaml",
                binding.replace("  role: reader", "  roles: reader")).problem(400, "INVALID_MANIFEST");
        assertTrue(misspelt.toString().contains("spec.roles"), misspelt.toString());
        Api.withKey(admin.createKey("binding-writer", "writer")).post("/api/v1/schemas", "application/yaml",
                binding.replace("manifest-reader", "escalated")).problem(403, "FORBIDDEN");

        String retention = """
                apiVersion: velocity.sh/v1
                kind: RetentionPolicy
                metadata:
                  name: manifest-retention
                  namespace: manifest-org
                spec:
                  audit:
                    retain: 400d
                """;
        JsonObject applied = admin.post("/api/v1/schemas", "application/yaml", retention).expect(200).json();
        assertEquals("400d", applied.getJsonObject("policy").getString("retain"));
        assertTrue(admin.get("/api/v1/audit/retention").expect(200).json().getJsonArray("items")
                .getValuesAs(JsonObject.class).stream().anyMatch(p -> "manifest-org".equals(p.getString("namespace"))
                        && "400d".equals(p.getString("retain"))), "listed with the other policies");
        admin.post("/api/v1/schemas", "application/yaml", retention.replace("400d", "soon"))
                .problem(400, "VALIDATION_FAILED");
        Api.withKey(admin.createKey("retention-writer", "writer")).post("/api/v1/schemas", "application/yaml",
                retention.replace("400d", "forever")).problem(403, "FORBIDDEN");
        assertEquals(1, Sql.adminCount("SELECT count(*) FROM platform.audit_log WHERE operation = 'audit.retention.set' "
                + "AND result = 'success' AND resource LIKE '%manifest-org%'"), "the change is audited once");
    }
}
