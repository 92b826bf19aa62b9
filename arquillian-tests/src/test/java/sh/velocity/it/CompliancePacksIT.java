package sh.velocity.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.List;
import java.util.stream.Collectors;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import sh.velocity.it.support.Api;
import sh.velocity.it.support.Deployments;
import sh.velocity.it.support.Sql;

/**
 * Issue 8, compliance packs and waivers: with the PCI pack enabled for an organisation, a schema with
 * an unmasked pci field is refused naming the control; only an administrator may waive it, with a
 * justification; the waived apply goes through and names its waiver in the audit log, next to the
 * waiver's creation and justification; a revoked or expired waiver covers nothing at the next apply.
 */
@ExtendWith(ArquillianExtension.class)
class CompliancePacksIT {

    private static final String NS = "packs-it";
    private static final String PATH = NS + "/payments/cards/card/v1";
    private static final String JUSTIFICATION = "Legacy import from the acquirer; masking lands with ticket PAY-1234.";

    @Deployment(testable = false)
    static EnterpriseArchive app() {
        return Deployments.velocity();
    }

    private static String pack(String spec) {
        return "apiVersion: velocity.sh/v1\nkind: CompliancePack\nmetadata:\n  name: pci-dss\n  namespace: " + NS
                + "\nspec:\n" + spec;
    }

    private static String card(String name, String extraFieldYaml) {
        return "apiVersion: velocity.sh/v1\nkind: SchemaDefinition\nmetadata:\n  name: " + name + "\n  namespace: " + NS
                + "\nspec:\n  domain: payments\n  subdomain: cards\n  version: v1\n  fields:\n"
                + "    - name: holder\n      type: string\n      maxLength: 100\n"
                + "    - name: card_number\n      type: string\n      maxLength: 19\n      sensitivity: pci\n"
                + extraFieldYaml;
    }

    private static JsonObject waiver(String control, String schema, String justification, String ttl) {
        var b = Json.createObjectBuilder().add("pack", "pci-dss").add("control", control).add("schema", schema);
        if (justification != null) {
            b.add("justification", justification);
        }
        if (ttl != null) {
            b.add("ttl", ttl);
        }
        return b.build();
    }

    /** The admission webhook's answer to creating the unmasked card schema as a Kubernetes object. */
    private static JsonObject webhook() {
        JsonObject object = Json.createObjectBuilder().add("apiVersion", "velocity.sh/v1").add("kind", "SchemaDefinition")
                .add("metadata", Json.createObjectBuilder().add("name", "card-hook").add("namespace", NS)
                        .add("uid", "6f1c2b1e-0000-4000-8000-000000000008"))
                .add("spec", Json.createObjectBuilder().add("domain", "payments").add("subdomain", "cards")
                        .add("version", "v1").add("fields", Json.createArrayBuilder().add(Json.createObjectBuilder()
                                .add("name", "card_number").add("type", "string").add("maxLength", 19)
                                .add("sensitivity", "pci")))).build();
        JsonObject review = Json.createObjectBuilder().add("apiVersion", "admission.k8s.io/v1")
                .add("kind", "AdmissionReview").add("request", Json.createObjectBuilder().add("uid", "uid-packs")
                        .add("kind", Json.createObjectBuilder().add("group", "velocity.sh").add("version", "v1")
                                .add("kind", "SchemaDefinition"))
                        .add("operation", "CREATE").add("object", object)).build();
        return Api.anonymous().postJson("/admission/validate", review).expect(200).json().getJsonObject("response");
    }

    /** Platform-chain events (newest first) with this operation. */
    private static List<JsonObject> events(Api admin, String operation) {
        return admin.get("/api/v1/audit/events?schema=platform&limit=1000").expect(200).json().getJsonArray("items")
                .stream().map(JsonValue::asJsonObject).filter(e -> e.getString("operation").equals(operation))
                .collect(Collectors.toList());
    }

    @Test
    void anUnmaskedPciFieldIsRefusedUntilAnAdministratorWaivesItAndTheWaiverIsAudited() {
        Api admin = Api.admin();
        Api schemaAdmin = Api.withKey(admin.createKey("packs-it-schema-admin", "schema-admin"));

        // Enabling a pack is the same admission path as a schema; a broken rule never gets in.
        schemaAdmin.post("/api/v1/schemas", "application/yaml", pack("  builtin: pci-dss\n")).problem(403, "FORBIDDEN");
        JsonObject broken = admin.post("/api/v1/schemas", "application/yaml", pack("  controls:\n    - id: X-1\n"
                + "      title: t\n      message: m\n      rule: \"schema.fields.all(f, \"\n"))
                .problem(400, "INVALID_MANIFEST");
        assertTrue(broken.toString().contains("CEL syntax error"), broken.toString());
        JsonObject enabled = admin.post("/api/v1/schemas", "application/yaml", pack("  builtin: pci-dss\n"))
                .expect(201).json();
        assertEquals("created", enabled.getString("outcome"));
        admin.post("/api/v1/schemas", "application/yaml", pack("  builtin: pci-dss\n")).expect(204);
        JsonObject listed = admin.get("/api/v1/compliance/packs?namespace=" + NS).expect(200).json()
                .getJsonArray("items").getJsonObject(0);
        assertEquals("pci-dss", listed.getString("builtin"));
        assertTrue(listed.getJsonArray("controls").stream()
                .anyMatch(c -> c.asJsonObject().getString("id").equals("PCI-3.4.1")), listed.toString());

        // The unmasked pci field fails PCI-3.4.1, named with its pack and field.
        JsonObject refused = admin.post("/api/v1/schemas", "application/yaml", card("card", ""))
                .problem(422, "COMPLIANCE_VIOLATION");
        JsonObject violation = refused.getJsonArray("violations").getJsonObject(0);
        assertEquals(1, refused.getJsonArray("violations").size(), refused.toString());
        assertEquals("pci-dss", violation.getString("pack"));
        assertEquals("PCI-3.4.1", violation.getString("control"));
        assertEquals("card_number", violation.getString("field"));
        assertEquals(0, Sql.adminCount("SELECT count(*) FROM platform.schema_definitions WHERE schema_path = ?", PATH));
        assertTrue(events(admin, "schema.apply").stream().anyMatch(e -> e.getString("resource").equals(PATH)
                && "COMPLIANCE_VIOLATION".equals(e.getString("failMode", null))), "the refusal is audited");
        JsonObject denied = webhook();
        assertEquals(false, denied.getBoolean("allowed"));
        assertTrue(denied.getJsonObject("status").getString("message")
                .contains("COMPLIANCE_VIOLATION: pci-dss/PCI-3.4.1 (card_number)"), denied.toString());
        // A masked card number passes without any waiver.
        admin.post("/api/v1/schemas", "application/yaml", card("card-masked", "").replace("sensitivity: pci\n",
                "sensitivity: pci\n      masking:\n        strategy: partial\n        visibleChars: 4\n")).expect(201);

        // Only an administrator waives, always with a justification and an expiry.
        schemaAdmin.postJson("/api/v1/compliance/waivers", waiver("PCI-3.4.1", PATH, JUSTIFICATION, "30d"))
                .problem(403, "FORBIDDEN");
        admin.postJson("/api/v1/compliance/waivers", waiver("PCI-3.4.1", PATH, null, "30d"))
                .problem(400, "VALIDATION_FAILED");
        admin.postJson("/api/v1/compliance/waivers", waiver("PCI-3.4.1", PATH, "because", "30d"))
                .problem(400, "VALIDATION_FAILED");
        admin.postJson("/api/v1/compliance/waivers", waiver("PCI-3.4.1", PATH, JUSTIFICATION, null))
                .problem(400, "VALIDATION_FAILED");
        admin.postJson("/api/v1/compliance/waivers", waiver("PCI-3.4.1", PATH, JUSTIFICATION, "400d"))
                .problem(400, "VALIDATION_FAILED");
        admin.postJson("/api/v1/compliance/waivers", waiver("PCI-9.9.9", PATH, JUSTIFICATION, "30d"))
                .problem(400, "VALIDATION_FAILED");
        JsonObject granted = admin.postJson("/api/v1/compliance/waivers",
                waiver("PCI-3.4.1", NS + "/payments", JUSTIFICATION, "30d")).expect(201).json();
        String waiverId = granted.getString("id");
        assertEquals("active", granted.getString("status"));

        // The same apply now goes through (the webhook agrees), and its audit event names the waiver.
        assertEquals(true, webhook().getBoolean("allowed"));
        admin.post("/api/v1/schemas", "application/yaml", card("card", "")).expect(201);
        JsonObject created = events(admin, "schema.create").stream()
                .filter(e -> e.getString("resource").equals(PATH)).findFirst().orElseThrow();
        assertTrue(created.getString("payload").contains(waiverId), created.toString());
        JsonObject audited = events(admin, "compliance.waiver.create").stream()
                .filter(e -> e.getString("resource").endsWith(waiverId)).findFirst().orElseThrow();
        assertTrue(audited.getString("payload").contains(JUSTIFICATION), audited.toString());
        assertEquals("success", audited.getString("result"));
        assertTrue(events(admin, "compliance.waiver.create").stream().anyMatch(e -> "denied".equals(e.getString("result"))),
                "the refused waiver is on record too");

        JsonObject result = admin.get("/api/v1/compliance/results?namespace=" + NS).expect(200).json()
                .getJsonArray("items").stream().map(JsonValue::asJsonObject)
                .filter(r -> r.getString("schemaPath").equals(PATH) && r.getString("control").equals("PCI-3.4.1"))
                .findFirst().orElseThrow();
        assertEquals("waived", result.getString("status"));
        assertEquals(waiverId, result.getJsonArray("waivers").getString(0));

        // Revoked: it covers nothing at the next apply.
        assertEquals("revoked", admin.delete("/api/v1/compliance/waivers/" + waiverId).expect(200).json()
                .getString("status"));
        admin.delete("/api/v1/compliance/waivers/" + waiverId).problem(409, "CONFLICT");
        assertTrue(events(admin, "compliance.waiver.revoke").stream()
                .anyMatch(e -> e.getString("resource").endsWith(waiverId)));
        String changed = card("card", "    - name: note\n      type: string\n      maxLength: 200\n");
        admin.post("/api/v1/schemas", "application/yaml", changed).problem(422, "COMPLIANCE_VIOLATION");

        // Expired: the same, the moment its expiry passes, without any timer.
        String second = admin.postJson("/api/v1/compliance/waivers", waiver("PCI-3.4.1", PATH, JUSTIFICATION, "1d"))
                .expect(201).json().getString("id");
        assertEquals(200, admin.post("/api/v1/schemas", "application/yaml", changed).status());
        Sql.admin("ALTER TABLE platform.compliance_waivers DISABLE TRIGGER compliance_waivers_guard",
                "UPDATE platform.compliance_waivers SET created_at = now() - interval '2 days', "
                        + "expires_at = now() - interval '1 second' WHERE id = '" + second + "'",
                "ALTER TABLE platform.compliance_waivers ENABLE TRIGGER compliance_waivers_guard");
        admin.post("/api/v1/schemas", "application/yaml", changed.replace("maxLength: 200", "maxLength: 300"))
                .problem(422, "COMPLIANCE_VIOLATION");
        assertTrue(admin.get("/api/v1/compliance/waivers?all=true").expect(200).json().getJsonArray("items").stream()
                .map(JsonValue::asJsonObject).anyMatch(w -> w.getString("id").equals(second)
                        && w.getString("status").equals("expired")));
        assertEquals(2, Sql.adminCount("SELECT count(*) FROM platform.compliance_waivers WHERE namespace = ?", NS),
                "revoked and expired waivers stay on record");
    }
}
