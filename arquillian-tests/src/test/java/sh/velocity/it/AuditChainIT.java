package sh.velocity.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import sh.velocity.it.support.ServerLog;
import sh.velocity.it.support.Sql;

/** Every write is audited atomically with it, and the chain shows any later edit. */
@ExtendWith(ArquillianExtension.class)
class AuditChainIT {

    @Deployment(testable = false)
    static EnterpriseArchive app() {
        return Deployments.velocity();
    }

    @Test
    void hundredCreatesVerifyThenASuperuserEditOfEvent42IsLocated() {
        String name = "chain-hundred";
        String path = Manifests.pathOf(name);
        Api admin = Api.admin();
        admin.post("/api/v1/schemas", "application/yaml", Manifests.exampleNamed(name)).expect(201);
        for (int i = 1; i <= 100; i++) {
            admin.postJson("/api/v1/records/" + path, Json.createObjectBuilder().add("po_number", "C-" + i)
                    .add("amount", i).add("currency", "USD").build()).expect(201);
        }
        JsonObject valid = admin.get("/api/v1/audit/verify?schema=" + path).expect(200).json();
        assertTrue(valid.getBoolean("valid"), valid.toString());
        assertEquals(100, valid.getInt("events"));
        assertEquals(0, valid.getInt("tampered"));

        // Sealed, the chain is read in two halves (the tests' server does so from 4 events on): the
        // same answer, and the server says which way it read it.
        admin.post("/api/v1/audit/checkpoints", "application/json", "").expect(200);
        long logBefore = ServerLog.length();
        JsonObject halves = admin.get("/api/v1/audit/verify?schema=" + path).expect(200).json();
        assertTrue(halves.getBoolean("valid"), halves.toString());
        assertEquals(100, halves.getInt("events"));
        assertTrue(ServerLog.since(logBefore).contains("Audit chain " + path + " verified in two halves"),
                "the sealed chain was read in halves");

        Sql.admin("ALTER TABLE platform.audit_log DISABLE TRIGGER audit_log_no_update",
                "UPDATE platform.audit_log SET payload = jsonb_set(payload, '{version}', '2') "
                        + "WHERE chain = '" + path + "' AND seq = 42",
                "ALTER TABLE platform.audit_log ENABLE TRIGGER audit_log_no_update");

        // Read in halves, the edit is found; the answer, located and worded, is the one-pass verifier's.
        JsonObject tampered = admin.get("/api/v1/audit/verify?schema=" + path).expect(200).json();
        assertFalse(tampered.getBoolean("valid"));
        assertEquals(42, tampered.getInt("firstBadEvent"));
        assertEquals(1, tampered.getInt("tampered"));
        assertFalse(tampered.getString("expected").equals(tampered.getString("actual")));
    }

    @Test
    void verifyingAChainOfAnUnknownSchemaIsNotFound() {
        Api.admin().get("/api/v1/audit/verify?schema=acme/nothing/here/at-all/v1").problem(404, "NOT_FOUND");
        Api.admin().get("/api/v1/audit/verify?schema=not-a-path").problem(400, "INVALID_REQUEST");
        assertTrue(Api.admin().get("/api/v1/audit/verify?schema=platform").expect(200).json().getBoolean("valid"));
    }

    @Test
    void whenTheAuditInsertFailsNoRecordAndNoOutboxRowRemain() {
        String name = "audit-fault";
        String path = Manifests.pathOf(name);
        Api admin = Api.admin();
        admin.post("/api/v1/schemas", "application/yaml", Manifests.exampleNamed(name)).expect(201);
        Sql.admin("""
                CREATE FUNCTION platform.test_fail_audit() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF NEW.operation = 'record.create' AND NEW.result = 'success' AND NEW.chain = '%s' THEN
                        RAISE EXCEPTION 'injected audit failure';
                    END IF;
                    RETURN NEW;
                END $$""".formatted(path),
                "CREATE TRIGGER test_fail_audit BEFORE INSERT ON platform.audit_pending "
                        + "FOR EACH ROW EXECUTE FUNCTION platform.test_fail_audit()");
        try {
            admin.postJson("/api/v1/records/" + path, Json.createObjectBuilder().add("po_number", "F-1")
                    .add("amount", 1).add("currency", "USD").build()).problem(503, "AUDIT_UNAVAILABLE");
        } finally {
            Sql.admin("DROP TRIGGER test_fail_audit ON platform.audit_pending",
                    "DROP FUNCTION platform.test_fail_audit()");
        }
        assertEquals(0, Sql.adminCount("SELECT count(*) FROM acme_supply_chain_procurement.audit_fault_v1"));
        assertEquals(0, Sql.adminCount("SELECT count(*) FROM acme_supply_chain_procurement.audit_fault_v1_outbox"));
        assertEquals(1, Sql.adminCount("SELECT count(*) FROM platform.audit_log WHERE chain = ? "
                + "AND result = 'failure' AND fail_mode = 'AUDIT_UNAVAILABLE'", path), "the failure itself is audited");

        admin.postJson("/api/v1/records/" + path, Json.createObjectBuilder().add("po_number", "F-2")
                .add("amount", 1).add("currency", "USD").build()).expect(201);
        assertEquals(1, Sql.adminCount("SELECT count(*) FROM acme_supply_chain_procurement.audit_fault_v1_outbox"));
        assertTrue(admin.get("/api/v1/audit/verify?schema=" + path).expect(200).json().getBoolean("valid"));
    }
}
