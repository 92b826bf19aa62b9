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

/** Data-subject export and erasure across record types, with an audit log that keeps no personal data. */
@ExtendWith(ArquillianExtension.class)
class DataSubjectIT {

    private static final String ALICE = "alice@example.com";
    private static final String SUBJECT_FIELD = "    - name: customer_email\n      type: string\n      maxLength: 254\n"
            + "      subjectIdentifier: true\n";

    @Deployment(testable = false)
    static EnterpriseArchive app() {
        return Deployments.velocity();
    }

    @Test
    void exportFindsTheSubjectAcrossTwoSchemasAndErasureRemovesOnlyTheirRecords() {
        Api admin = Api.admin();
        for (String name : new String[] {"ds-orders", "ds-returns"}) {
            admin.post("/api/v1/schemas", "application/yaml", Manifests.exampleNamed(name)
                    .replace("  validation:\n", SUBJECT_FIELD + "  validation:\n")).expect(201);
        }
        create("ds-orders", "O-1", ALICE);
        create("ds-orders", "O-2", ALICE);
        create("ds-orders", "O-3", "bob@example.com");
        create("ds-returns", "R-1", ALICE);
        create("ds-returns", "R-2", "bob@example.com");

        JsonObject export = admin.postJson("/api/v1/subjects/export",
                Json.createObjectBuilder().add("subject", ALICE).build()).expect(200).json();
        assertEquals(3, export.getInt("records"), export.toString());
        assertTrue(export.toString().contains(Manifests.pathOf("ds-orders")));
        assertTrue(export.toString().contains(Manifests.pathOf("ds-returns")));
        assertTrue(export.toString().contains("4111111111111111"), "the admin holds unmask: clear values");
        String readerKey = admin.createKey("ds-reader");
        admin.postJson("/api/v1/role-bindings", Json.createObjectBuilder().add("principal", "ds-reader")
                .add("role", "reader").add("schemaPrefix", Manifests.pathOf("ds-orders")).build()).expect(201);
        JsonObject masked = Api.withKey(readerKey).postJson("/api/v1/subjects/export",
                Json.createObjectBuilder().add("subject", ALICE).build()).expect(200).json();
        assertEquals(2, masked.getInt("records"), "only the schema the reader may read: " + masked);
        assertTrue(masked.toString().contains("************1111") && !masked.toString().contains("4111111111111111"),
                "masked without unmask: " + masked);
        Api.withKey(readerKey).postJson("/api/v1/subjects/erase", Json.createObjectBuilder().add("subject", ALICE)
                .build()).expect(200);
        assertEquals(3, Sql.adminCount("SELECT (SELECT count(*) FROM acme_supply_chain_procurement.ds_orders_v1 "
                + "WHERE customer_email = ?) + (SELECT count(*) FROM acme_supply_chain_procurement.ds_returns_v1 "
                + "WHERE customer_email = ?)", ALICE, ALICE), "a reader erases nothing");

        JsonObject erased = admin.postJson("/api/v1/subjects/erase",
                Json.createObjectBuilder().add("subject", ALICE).build()).expect(200).json();
        assertEquals(3, erased.getInt("erased"));
        assertEquals(0, Sql.adminCount("SELECT (SELECT count(*) FROM acme_supply_chain_procurement.ds_orders_v1 "
                + "WHERE customer_email = ?) + (SELECT count(*) FROM acme_supply_chain_procurement.ds_returns_v1 "
                + "WHERE customer_email = ?)", ALICE, ALICE));
        assertEquals(2, Sql.adminCount("SELECT (SELECT count(*) FROM acme_supply_chain_procurement.ds_orders_v1) "
                + "+ (SELECT count(*) FROM acme_supply_chain_procurement.ds_returns_v1)"), "bob's records stay");
        assertEquals(0, admin.postJson("/api/v1/subjects/export",
                Json.createObjectBuilder().add("subject", ALICE).build()).expect(200).json().getInt("records"));

        for (String chain : new String[] {Manifests.pathOf("ds-orders"), Manifests.pathOf("ds-returns"), "platform"}) {
            JsonObject verify = admin.get("/api/v1/audit/verify?schema=" + chain).expect(200).json();
            assertTrue(verify.getBoolean("valid"), chain + ": " + verify);
        }
        assertEquals(3, Sql.adminCount("SELECT count(*) FROM platform.audit_log WHERE operation = 'record.erase' "
                + "AND chain IN (?, ?)", Manifests.pathOf("ds-orders"), Manifests.pathOf("ds-returns")));
        assertEquals(1, Sql.adminCount("SELECT count(*) FROM platform.audit_log WHERE operation = 'subject.erase' "
                + "AND actor = 'bootstrap-admin' AND payload->>'erased' = '3'"));
        assertEquals(1, Sql.adminCount("SELECT count(*) FROM platform.audit_log WHERE operation = 'subject.erase' "
                + "AND actor = 'ds-reader' AND payload->>'erased' = '0'"), "an erasure that erased nothing is audited too");
        assertEquals(0, Sql.adminCount("SELECT count(*) FROM platform.audit_log a WHERE a::text LIKE '%alice%'"),
                "the audit log keeps the events but not the subject's identifier");
    }

    @Test
    void onlyOneTextualSubjectIdentifierIsAdmitted() {
        Api admin = Api.admin();
        String two = Manifests.exampleNamed("ds-two").replace("  validation:\n", SUBJECT_FIELD
                + SUBJECT_FIELD.replace("customer_email", "other_email") + "  validation:\n");
        admin.post("/api/v1/schemas", "application/yaml", two).problem(400, "INVALID_MANIFEST");
        String numeric = Manifests.exampleNamed("ds-num").replace("  validation:\n",
                "    - name: customer_no\n      type: integer\n      subjectIdentifier: true\n  validation:\n");
        admin.post("/api/v1/schemas", "application/yaml", numeric).problem(400, "INVALID_MANIFEST");
    }

    private static void create(String name, String po, String email) {
        Api.admin().postJson("/api/v1/records/" + Manifests.pathOf(name), Json.createObjectBuilder()
                .add("po_number", po).add("amount", 1).add("currency", "USD").add("customer_email", email)
                .add("credit_card", "4111111111111111").build()).expect(201);
    }
}
