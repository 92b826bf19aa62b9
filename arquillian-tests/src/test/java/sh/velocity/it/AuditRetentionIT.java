package sh.velocity.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import sh.velocity.audit.domain.export.ExportVerification;
import sh.velocity.audit.domain.export.ExportVerifier;
import sh.velocity.audit.domain.export.KeyTrust;
import sh.velocity.audit.domain.merkle.CheckpointVerifier;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import sh.velocity.it.stack.TestStack;
import sh.velocity.it.support.Api;
import sh.velocity.it.support.Deployments;
import sh.velocity.it.support.Manifests;
import sh.velocity.it.support.Sql;

/**
 * Issue 6 acceptance 4: retention drops an expired month partition, keeps one under a legal hold,
 * and the chain still verifies over what remains (the dropped ranges bridged by signed anchors).
 * Tampered evidence is never dropped, and the partitions stay out of velocity_api's reach.
 */
@ExtendWith(ArquillianExtension.class)
class AuditRetentionIT {

    private static final String NS = "retention-it";

    @Deployment(testable = false)
    static EnterpriseArchive app() {
        return Deployments.velocity();
    }

    @Test
    void dropsExpiredMonthsKeepsHeldOnesAndTheChainStillVerifies() throws Exception {
        String name = "kept-records";
        String path = NS + "/supply-chain/procurement/" + name + "/v1";
        Api admin = Api.admin();
        admin.post("/api/v1/schemas", "application/yaml",
                Manifests.exampleNamed(name).replace("namespace: acme", "namespace: " + NS)).expect(201);
        YearMonth now = YearMonth.now(ZoneOffset.UTC);
        fabricateOldEvents(path);
        for (int i = 1; i <= 2; i++) {
            admin.postJson("/api/v1/records/" + path, Json.createObjectBuilder().add("po_number", "R-" + i)
                    .add("amount", i).add("currency", "EUR").build()).expect(201);
        }
        assertEquals(11, Sql.adminCount("SELECT count(*) FROM platform.audit_log WHERE chain = ?", path));
        assertEquals(4, Sql.adminCount("SELECT count(DISTINCT tableoid) FROM platform.audit_log WHERE chain = ?", path),
                "three old months and the current one, each its own partition");

        // Policy and hold, both audited; bad input is refused with a code.
        admin.putJson("/api/v1/audit/retention/" + NS, Json.createObjectBuilder().add("retain", "10d").build())
                .problem(400, "VALIDATION_FAILED");
        admin.putJson("/api/v1/audit/retention/" + NS, Json.createObjectBuilder().add("retain", "soon").build())
                .problem(400, "VALIDATION_FAILED");
        admin.putJson("/api/v1/audit/retention/" + NS, Json.createObjectBuilder().build()).problem(400, "VALIDATION_FAILED");
        admin.post("/api/v1/audit/retention/" + NS, "application/json", "").problem(405, "METHOD_NOT_ALLOWED");
        admin.post("/api/v1/audit/legal-holds", "application/json", "").problem(400, "INVALID_REQUEST");
        assertEquals("30d", admin.putJson("/api/v1/audit/retention/" + NS,
                Json.createObjectBuilder().add("retain", "30d").build()).expect(200).json().getString("retain"));
        YearMonth held = now.minusMonths(3);
        JsonObject hold = admin.postJson("/api/v1/audit/legal-holds", Json.createObjectBuilder().add("namespace", NS)
                .add("from", held.atDay(10).atStartOfDay().atOffset(ZoneOffset.UTC).toString())
                .add("to", held.atDay(11).atStartOfDay().atOffset(ZoneOffset.UTC).toString())
                .add("reason", "Litigation hold, matter 2026-17").build()).expect(201).json();
        admin.postJson("/api/v1/audit/legal-holds", Json.createObjectBuilder().add("namespace", NS)
                .add("from", "2026-02-01T00:00:00Z").add("to", "2026-01-01T00:00:00Z").add("reason", "x").build())
                .problem(400, "VALIDATION_FAILED");

        // The database drops nothing on the caller's word: anchors must describe the month exactly.
        String oldestMonth = now.minusMonths(4).atDay(1).toString();
        assertRefused("SELECT platform.audit_retention_drop('" + NS + "', '" + oldestMonth + "', '{}')", "VR004");
        assertRefused("SELECT platform.audit_retention_drop('" + NS + "', '" + oldestMonth + "', '{\"" + path
                + "\": {\"firstSeq\": 1, \"lastSeq\": 3, \"lastHash\": \"" + "0".repeat(64) + "\", \"frontier\": [], "
                + "\"signedAt\": \"2026-01-01T00:00:00Z\", \"keyId\": \"0000000000000000\", \"signature\": \"x\"}}')",
                "VR004");
        assertEquals(11, Sql.adminCount("SELECT count(*) FROM platform.audit_log WHERE chain = ?", path));

        // Tampered evidence is not dropped: every expired month of the chain is kept, and says why.
        Sql.admin("ALTER TABLE platform.audit_log DISABLE TRIGGER audit_log_no_update",
                "UPDATE platform.audit_log SET actor = 'mallory' WHERE chain = '" + path + "' AND seq = 2",
                "ALTER TABLE platform.audit_log ENABLE TRIGGER audit_log_no_update");
        JsonArray refused = admin.post("/api/v1/audit/retention/run", "application/json", "").expect(200).json()
                .getJsonArray("items");
        assertTrue(outcomes(refused, NS).stream().noneMatch(o -> o.getBoolean("dropped")), refused.toString());
        assertTrue(outcome(refused, now.minusMonths(4)).getString("reason").contains("fails verification at event 2"),
                refused.toString());
        assertEquals(11, Sql.adminCount("SELECT count(*) FROM platform.audit_log WHERE chain = ?", path));
        Sql.admin("ALTER TABLE platform.audit_log DISABLE TRIGGER audit_log_no_update",
                "UPDATE platform.audit_log SET actor = 'it-fabricated' WHERE chain = '" + path + "' AND seq = 2",
                "ALTER TABLE platform.audit_log ENABLE TRIGGER audit_log_no_update");

        JsonArray run = admin.post("/api/v1/audit/retention/run", "application/json", "").expect(200).json()
                .getJsonArray("items");
        JsonObject oldest = outcome(run, now.minusMonths(4));
        assertTrue(oldest.getBoolean("dropped"), run.toString());
        assertEquals(3, oldest.getInt("events"));
        JsonObject kept = outcome(run, held);
        assertFalse(kept.getBoolean("dropped"));
        assertTrue(kept.getString("reason").contains(hold.getString("id")), kept.toString());
        assertEquals(3, outcome(run, now.minusMonths(2)).getInt("events"), "a month after a held one is dropped too");
        assertEquals(5, Sql.adminCount("SELECT count(*) FROM platform.audit_log WHERE chain = ?", path));
        assertEquals(2, Sql.adminCount("SELECT count(*) FROM platform.audit_retention_anchors WHERE chain = ?", path));

        JsonObject verify = admin.get("/api/v1/audit/verify?schema=" + path).expect(200).json();
        assertTrue(verify.getBoolean("valid"), verify.toString());
        assertEquals(5, verify.getInt("events"));
        assertTrue(admin.get("/api/v1/audit/verify?schema=platform").expect(200).json().getBoolean("valid"));
        assertTrue(admin.get("/api/v1/audit/proof?schema=" + path + "&seq=10").problem(404, "NOT_FOUND")
                .getString("detail").contains("dropped by retention"));
        assertEquals(2, Sql.adminCount("SELECT count(*) FROM platform.audit_log WHERE chain = 'platform' "
                + "AND operation = 'audit.retention.drop' AND result = 'success' AND payload ->> 'namespace' = ?", NS));
        assertEquals(1, Sql.adminCount("SELECT count(*) FROM platform.audit_log WHERE chain = 'platform' "
                + "AND operation = 'audit.legalhold.place' AND payload ->> 'namespace' = ?", NS));
        assertEquals(1, Sql.adminCount("SELECT count(*) FROM platform.audit_log WHERE chain = 'platform' "
                + "AND operation = 'audit.retention.set' AND payload ->> 'namespace' = ?", NS));

        // An export of what remains verifies offline, anchors included; a changed anchor does not.
        String export = admin.get("/api/v1/audit/export?schema=" + path).expect(200).body();
        assertEquals(2, export.lines().filter(l -> l.startsWith("{\"type\":\"anchor\"")).count(), export);
        String key = Api.anonymous().get("/.well-known/velocity-audit-key.json").expect(200).json()
                .getString("publicKey");
        KeyTrust pinned = KeyTrust.pinned(List.of(CheckpointVerifier.ofBase64(key)));
        ExportVerification offline = new ExportVerifier(pinned).verify(bytes(export));
        assertTrue(offline.valid(), offline.toString());
        assertEquals(5, offline.events());
        String forgedAnchor = export.replaceFirst("(\\{\"type\":\"anchor\"[^\\n]*\"lastSeq\":)3,", "$14,");
        ExportVerification refusedExport = new ExportVerifier(pinned).verify(bytes(forgedAnchor));
        assertFalse(refusedExport.valid(), "an anchor claiming one more event no longer verifies");

        // New writes go on from the kept events; the database refuses a drop the server did not check.
        admin.postJson("/api/v1/records/" + path, Json.createObjectBuilder().add("po_number", "R-3")
                .add("amount", 3).add("currency", "EUR").build()).expect(201);
        admin.post("/api/v1/audit/checkpoints", "application/json", "").expect(200);
        assertTrue(admin.get("/api/v1/audit/verify?schema=" + path).expect(200).json().getBoolean("valid"));
        assertRefused("SELECT platform.audit_retention_drop('" + NS + "', '" + held.atDay(1) + "', '{}')", "VR003");
        assertRefused("SELECT platform.audit_retention_drop('" + NS + "', '" + now.atDay(1) + "', '{}')", "VR002");
        String heldTable = Sql.adminString("SELECT relname FROM platform.audit_partitions WHERE org = ? AND month = ?",
                NS, held.atDay(1));
        assertApiRefused("DROP TABLE platform." + heldTable);
        assertApiRefused("DELETE FROM platform." + heldTable);
        assertApiRefused("TRUNCATE platform.audit_log");

        // A forged anchor is caught: it no longer carries the server's signature. (Put back afterwards:
        // later tests on this server expect every chain to verify.)
        String genuine = Sql.adminString("SELECT last_hash FROM platform.audit_retention_anchors WHERE chain = ? "
                + "AND first_seq = 1", path);
        Sql.admin("ALTER TABLE platform.audit_retention_anchors DISABLE TRIGGER audit_retention_anchors_no_update",
                "UPDATE platform.audit_retention_anchors SET last_hash = repeat('a', 64) WHERE chain = '" + path
                        + "' AND first_seq = 1",
                "ALTER TABLE platform.audit_retention_anchors ENABLE TRIGGER audit_retention_anchors_no_update");
        JsonObject forged = admin.get("/api/v1/audit/verify?schema=" + path).expect(200).json();
        assertFalse(forged.getBoolean("valid"));
        assertEquals(1, forged.getInt("firstBadEvent"));
        assertTrue(forged.getString("reason").contains("not signed"), forged.toString());
        Sql.admin("ALTER TABLE platform.audit_retention_anchors DISABLE TRIGGER audit_retention_anchors_no_update",
                "UPDATE platform.audit_retention_anchors SET last_hash = '" + genuine + "' WHERE chain = '" + path
                        + "' AND first_seq = 1",
                "ALTER TABLE platform.audit_retention_anchors ENABLE TRIGGER audit_retention_anchors_no_update");
        assertTrue(admin.get("/api/v1/audit/verify?schema=" + path).expect(200).json().getBoolean("valid"));
    }

    @Test
    void legalHoldsAreReleasedNotDeletedAndNeedAuditManage() {
        Api admin = Api.admin();
        JsonObject hold = admin.postJson("/api/v1/audit/legal-holds", Json.createObjectBuilder()
                .add("namespace", "hold-it").add("from", "2025-01-01T00:00:00Z").add("to", "2025-07-01T00:00:00Z")
                .add("reason", "Regulator inquiry").build()).expect(201).json();
        String id = hold.getString("id");
        Api auditor = Api.withKey(admin.createKey("retention-auditor", "auditor"));
        auditor.postJson("/api/v1/audit/legal-holds/" + id + "/release",
                Json.createObjectBuilder().add("reason", "done").build()).problem(403, "FORBIDDEN");
        auditor.putJson("/api/v1/audit/retention/hold-it", Json.createObjectBuilder().add("retain", "forever").build())
                .problem(403, "FORBIDDEN");
        assertEquals(1, auditor.get("/api/v1/audit/legal-holds?namespace=hold-it").expect(200).json()
                .getJsonArray("items").size());
        admin.postJson("/api/v1/audit/legal-holds/" + id + "/release", Json.createObjectBuilder().build())
                .problem(400, "VALIDATION_FAILED");
        JsonObject released = admin.postJson("/api/v1/audit/legal-holds/" + id + "/release",
                Json.createObjectBuilder().add("reason", "Inquiry closed").build()).expect(200).json();
        assertEquals("Inquiry closed", released.getString("releaseReason"));
        admin.postJson("/api/v1/audit/legal-holds/" + id + "/release",
                Json.createObjectBuilder().add("reason", "again").build()).problem(404, "NOT_FOUND");
        assertEquals(0, admin.get("/api/v1/audit/legal-holds?namespace=hold-it").expect(200).json()
                .getJsonArray("items").size());
        assertEquals(1, admin.get("/api/v1/audit/legal-holds?namespace=hold-it&released=true").expect(200).json()
                .getJsonArray("items").size());
        assertRefused("DELETE FROM platform.audit_legal_holds WHERE id = '" + id + "'", "42501");
        assertEquals(1, Sql.adminCount("SELECT count(*) FROM platform.audit_log WHERE chain = 'platform' "
                + "AND operation = 'audit.legalhold.release' AND resource = ?", "audit/legal-holds/" + id));
    }

    /** Nine events, three in each of the months four, three and two months ago, chained and hashed as the sealer does. */
    private static void fabricateOldEvents(String chain) {
        Sql.admin("""
                DO $$
                DECLARE
                    c    text := '%s';
                    prev text := repeat('0', 64);
                    h    text;
                    ts   timestamptz;
                    base timestamptz := date_trunc('month', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC';
                BEGIN
                    FOR i IN 1..9 LOOP
                        ts := base - make_interval(months => 4 - (i - 1) / 3) + make_interval(days => 9, secs => i * 3600);
                        PERFORM platform.audit_ensure_partition('%s', (ts AT TIME ZONE 'UTC')::date);
                        h := encode(sha256(decode(prev, 'hex') || convert_to(platform.audit_canonical(c, i::bigint,
                            'it-fabricated', 'record.create', c || '/old-' || i, 'success', NULL, 'req-old-' || i,
                            '127.0.0.1', ts, jsonb_build_object('n', i)), 'UTF8')), 'hex');
                        INSERT INTO platform.audit_log (org, chain, seq, actor, operation, resource, result, fail_mode,
                                                        request_id, source_ip, created_at, payload, prev_hash, hash)
                            VALUES ('%s', c, i, 'it-fabricated', 'record.create', c || '/old-' || i, 'success', NULL,
                                    'req-old-' || i, '127.0.0.1', ts, jsonb_build_object('n', i), prev, h);
                        prev := h;
                    END LOOP;
                    INSERT INTO platform.audit_chain_heads (chain, seq, hash) VALUES (c, 9, prev)
                        ON CONFLICT (chain) DO UPDATE SET seq = 9, hash = prev;
                END
                $$
                """.formatted(chain, NS, NS));
    }

    private static InputStream bytes(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    private static List<JsonObject> outcomes(JsonArray items, String namespace) {
        return items.getValuesAs(JsonObject.class).stream().filter(o -> namespace.equals(o.getString("namespace")))
                .toList();
    }

    private static JsonObject outcome(JsonArray items, YearMonth month) {
        return outcomes(items, NS).stream().filter(o -> month.toString().equals(o.getString("month"))).findFirst()
                .orElseThrow(() -> new AssertionError("no outcome for " + month + " in " + items));
    }

    private static void assertRefused(String sql, String sqlState) {
        try {
            Sql.admin(sql);
        } catch (RuntimeException e) {
            Throwable cause = e;
            while (cause != null && !(cause instanceof SQLException)) {
                cause = cause.getCause();
            }
            assertTrue(cause != null && sqlState.equals(((SQLException) cause).getSQLState()),
                    sql + " failed with " + e);
            return;
        }
        throw new AssertionError(sql + " was not refused");
    }

    private static void assertApiRefused(String sql) throws SQLException {
        try (Connection c = TestStack.current().apiConnection(); Statement st = c.createStatement()) {
            st.execute(sql);
            throw new AssertionError(sql + " succeeded as velocity_api");
        } catch (SQLException e) {
            assertTrue("42501".equals(e.getSQLState()) || "P0001".equals(e.getSQLState()), sql + ": " + e.getSQLState());
        }
    }
}
