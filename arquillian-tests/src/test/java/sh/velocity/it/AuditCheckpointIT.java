package sh.velocity.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
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
 * Issue 6: a signed checkpoint, checked here without Velocity's code (the documented signed bytes
 * and the published Ed25519 key), pins the chain; a superuser who deletes the newest events and
 * rewrites the chain head is caught, by verify and by the periodic verification (gauge, readiness).
 */
@ExtendWith(ArquillianExtension.class)
class AuditCheckpointIT {

    private static final DateTimeFormatter MILLIS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'");

    /** Its own application name: it asserts readiness (see RevocationFailClosedIT). */
    @Deployment(testable = false)
    static EnterpriseArchive app() {
        return Deployments.velocity("audit-checkpoints.ear");
    }

    @Test
    void aSignedCheckpointVerifiesOfflineAndCatchesATruncatedChain() throws Exception {
        String name = "chain-sealed";
        String path = Manifests.pathOf(name);
        Api admin = Api.admin();
        admin.post("/api/v1/schemas", "application/yaml", Manifests.exampleNamed(name)).expect(201);
        for (int i = 1; i <= 10; i++) {
            admin.postJson("/api/v1/records/" + path, Json.createObjectBuilder().add("po_number", "S-" + i)
                    .add("amount", i).add("currency", "EUR").build()).expect(201);
        }
        assertTrue(admin.post("/api/v1/audit/checkpoints", "application/json", "").expect(200).json()
                .getInt("sealed") >= 1);
        JsonObject cp = admin.get("/api/v1/audit/checkpoints?schema=" + path).expect(200).json()
                .getJsonArray("items").getJsonObject(0);
        assertEquals(10, cp.getInt("treeSize"));

        JsonObject key = Api.anonymous().get("/.well-known/velocity-audit-key.json").expect(200).json();
        assertEquals("Ed25519", key.getString("algorithm"));
        assertEquals(key.getString("keyId"), cp.getString("keyId"));
        PublicKey publicKey = KeyFactory.getInstance("Ed25519")
                .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(key.getString("publicKey"))));
        String signedAt = MILLIS.format(OffsetDateTime.parse(cp.getString("signedAt")).withOffsetSameInstant(ZoneOffset.UTC));
        String message = "velocity-checkpoint-v1\n" + path + "\n10\n" + cp.getString("rootHash") + "\n" + signedAt + "\n";
        Signature ed = Signature.getInstance("Ed25519");
        ed.initVerify(publicKey);
        ed.update(message.getBytes(StandardCharsets.UTF_8));
        assertTrue(ed.verify(Base64.getDecoder().decode(cp.getString("signature"))), "verifies without Velocity");

        assertTrue(admin.get("/api/v1/audit/verify?schema=" + path).expect(200).json().getBoolean("valid"));

        // Proofs against the signed roots, checked here by RFC 9162's own algorithms.
        JsonObject proof = admin.get("/api/v1/audit/proof?schema=" + path + "&seq=7").expect(200).json();
        assertTrue(inclusionHolds(proof.getString("leafHash"), 6, 10, proof.getJsonArray("auditPath"),
                cp.getString("rootHash")), proof.toString());
        for (int i = 11; i <= 13; i++) {
            admin.postJson("/api/v1/records/" + path, Json.createObjectBuilder().add("po_number", "S-" + i)
                    .add("amount", i).add("currency", "EUR").build()).expect(201);
        }
        admin.post("/api/v1/audit/checkpoints", "application/json", "").expect(200);
        JsonObject consistency = admin.get("/api/v1/audit/consistency?schema=" + path + "&from=10&to=13")
                .expect(200).json();
        assertEquals(13, consistency.getJsonObject("to").getInt("treeSize"));
        assertFalse(consistency.getJsonArray("proof").isEmpty());
        admin.get("/api/v1/audit/proof?schema=" + path + "&seq=99").problem(404, "NOT_FOUND");
        admin.get("/api/v1/audit/consistency?schema=" + path + "&from=5&to=13").problem(404, "NOT_FOUND");

        // A superuser deletes the two newest events and moves the head back: without the checkpoint
        // the chain would look intact.
        Sql.admin("ALTER TABLE platform.audit_log DISABLE TRIGGER audit_log_no_update",
                "DELETE FROM platform.audit_log WHERE chain = '" + path + "' AND seq > 8",
                "UPDATE platform.audit_chain_heads h SET seq = 8, hash = l.hash FROM platform.audit_log l "
                        + "WHERE h.chain = '" + path + "' AND l.chain = h.chain AND l.seq = 8",
                "ALTER TABLE platform.audit_log ENABLE TRIGGER audit_log_no_update");
        try {
            JsonObject verify = admin.get("/api/v1/audit/verify?schema=" + path).expect(200).json();
            assertFalse(verify.getBoolean("valid"));
            assertEquals(9, verify.getInt("firstBadEvent"));
            assertTrue(verify.getString("reason").contains("signed checkpoint covers 13 events"), verify.toString());

            JsonObject all = admin.post("/api/v1/audit/verify-all", "application/json", "").expect(200).json();
            assertTrue(all.getJsonArray("tampered").stream().anyMatch(t -> t.asJsonObject().getString("chain")
                    .equals(path)), all.toString());
            assertTrue(metric().contains("velocity_audit_tampering_detected") && metricValue() >= 1, metric());
            HttpResponse<String> ready = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(TestStack.current().baseUrl() + "/health/ready")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(503, ready.statusCode(), ready.body());
            assertTrue(ready.body().contains("audit-chains"), ready.body());
        } finally {
            dropChain(admin, path);
        }
        assertEquals(0L, metricValue(), "the gauge is back to 0 once no chain fails");
    }

    @Test
    void theMonitorRemembersTheNewestEventItVerifiedBeyondTheLastCheckpoint() {
        String name = "chain-remembered";
        String path = Manifests.pathOf(name);
        Api admin = Api.admin();
        admin.post("/api/v1/schemas", "application/yaml", Manifests.exampleNamed(name)).expect(201);
        for (int i = 1; i <= 5; i++) {
            if (i == 4) {
                admin.post("/api/v1/audit/checkpoints", "application/json", "").expect(200);
            }
            admin.postJson("/api/v1/records/" + path, Json.createObjectBuilder().add("po_number", "R-" + i)
                    .add("amount", i).add("currency", "EUR").build()).expect(201);
        }
        JsonObject before = admin.post("/api/v1/audit/verify-all", "application/json", "").expect(200).json();
        assertFalse(before.toString().contains(path), before.toString());

        // A superuser deletes the two events after the checkpoint of 3 and moves the head back: the
        // chain and that checkpoint agree, but this server verified event 5 a moment ago.
        Sql.admin("ALTER TABLE platform.audit_log DISABLE TRIGGER audit_log_no_update",
                "DELETE FROM platform.audit_log WHERE chain = '" + path + "' AND seq > 3",
                "UPDATE platform.audit_chain_heads h SET seq = 3, hash = l.hash FROM platform.audit_log l "
                        + "WHERE h.chain = '" + path + "' AND l.chain = h.chain AND l.seq = 3",
                "ALTER TABLE platform.audit_log ENABLE TRIGGER audit_log_no_update");
        try {
            int sealed = admin.get("/api/v1/audit/checkpoints?schema=" + path).expect(200).json()
                    .getJsonArray("items").getJsonObject(0).getInt("treeSize");
            JsonObject all = admin.post("/api/v1/audit/verify-all", "application/json", "").expect(200).json();
            JsonObject found = all.getJsonArray("tampered").stream().map(JsonValue::asJsonObject)
                    .filter(t -> t.getString("chain").equals(path)).findFirst()
                    .orElseThrow(() -> new AssertionError("not reported: " + all));
            assertEquals(4, found.getInt("firstBadEvent"), found.toString());
            // The minute's seal may have signed all 5 events before the deletion: then the checkpoint says it.
            String expected = sealed == 3 ? "but this server verified it up to event 5"
                    : "signed checkpoint covers " + sealed + " events";
            assertTrue(found.getString("reason").contains(expected), found.toString());
        } finally {
            dropChain(admin, path);
        }
    }

    /** Leaves no tampered chain behind for the other tests of this server: its events, checkpoints and head go. */
    private static void dropChain(Api admin, String path) {
        Sql.admin("ALTER TABLE platform.audit_log DISABLE TRIGGER audit_log_no_update",
                "ALTER TABLE platform.audit_checkpoints DISABLE TRIGGER audit_checkpoints_no_update",
                "DELETE FROM platform.audit_log WHERE chain = '" + path + "'",
                "DELETE FROM platform.audit_checkpoints WHERE chain = '" + path + "'",
                "DELETE FROM platform.audit_chain_heads WHERE chain = '" + path + "'",
                "ALTER TABLE platform.audit_checkpoints ENABLE TRIGGER audit_checkpoints_no_update",
                "ALTER TABLE platform.audit_log ENABLE TRIGGER audit_log_no_update");
        admin.post("/api/v1/audit/verify-all", "application/json", "").expect(200);
    }

    /** RFC 9162 §2.1.3.2, written out here so the check does not use Velocity's code. */
    private static boolean inclusionHolds(String leafHex, long index, long size, jakarta.json.JsonArray path,
                                          String rootHex) throws Exception {
        java.util.HexFormat hex = java.util.HexFormat.of();
        java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
        sha.update((byte) 0);
        sha.update(hex.parseHex(leafHex));
        byte[] r = sha.digest();
        long fn = index;
        long sn = size - 1;
        for (int i = 0; i < path.size(); i++) {
            byte[] p = hex.parseHex(path.getString(i));
            if (sn == 0) {
                return false;
            }
            sha.update((byte) 1);
            if ((fn & 1) == 1 || fn == sn) {
                sha.update(p);
                sha.update(r);
                r = sha.digest();
                while ((fn & 1) == 0 && fn != 0) {
                    fn >>= 1;
                    sn >>= 1;
                }
            } else {
                sha.update(r);
                sha.update(p);
                r = sha.digest();
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 && hex.formatHex(r).equals(rootHex);
    }

    private static String metric() throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(TestStack.current().baseUrl()
                + "/metrics?scope=application")).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private static long metricValue() throws Exception {
        return metric().lines().filter(l -> l.startsWith("velocity_audit_tampering_detected"))
                .mapToLong(l -> (long) Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).max().orElse(-1);
    }
}
