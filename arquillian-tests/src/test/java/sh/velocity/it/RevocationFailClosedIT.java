package sh.velocity.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import sh.velocity.it.stack.TestStack;
import sh.velocity.it.support.Api;
import sh.velocity.it.support.Deployments;
import sh.velocity.it.support.Sql;

/**
 * Hardening checklist: Redis unavailability causes 503 (fail closed), not silent failures. A real
 * Redis process is stopped and started again; no request succeeds while it is down, each refusal
 * is audited with its fail mode, and service resumes by itself.
 */
@ExtendWith(ArquillianExtension.class)
class RevocationFailClosedIT {

    /**
     * An application name of its own: Liberty loses an application's readiness checks when the
     * same name is redeployed quickly (seen: readiness {@code UP} with {@code "checks":[]}), and
     * this test asserts readiness.
     */
    @Deployment(testable = false)
    static EnterpriseArchive app() {
        return Deployments.velocity("revocation-fail-closed.ear");
    }

    @Test
    void withRedisDownEveryAuthenticatedRequestIsRefusedAndAuditedThenServiceResumes() throws Exception {
        Assumptions.assumeTrue(TestStack.current().ownsRedis(), "needs the test stack's own Redis");
        Api admin = Api.admin();
        admin.get("/api/v1/schemas").expect(200);
        long before = refusals();

        TestStack.current().stopRedis();
        try {
            for (int i = 0; i < 5; i++) {
                admin.get("/api/v1/schemas").problem(503, "REVOCATION_UNAVAILABLE");
            }
            admin.post("/api/v1/schemas", "application/yaml", "irrelevant: true").problem(503, "REVOCATION_UNAVAILABLE");
            assertEquals(before + 6, refusals(), "one audited refusal per request, with its fail mode");
            HttpResponse<String> ready = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(TestStack.current().baseUrl() + "/health/ready")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(503, ready.statusCode(), ready.body());
            assertTrue(ready.body().contains("revocation-list"), ready.body());
        } finally {
            TestStack.current().startRedis();
        }
        boolean resumed = false;
        for (int i = 0; i < 40 && !resumed; i++) {
            resumed = admin.get("/api/v1/schemas").status() == 200;
            if (!resumed) {
                Thread.sleep(250);
            }
        }
        assertTrue(resumed, "service resumes by itself when Redis is back");
    }

    @Test
    void aRevokedKeyIsRefusedOnItsNextRequest() {
        Api admin = Api.admin();
        String key = admin.createKey("revoked-next", "reader");
        Api.withKey(key).get("/api/v1/schemas").expect(200);
        String id = admin.keyId("revoked-next");
        admin.delete("/api/v1/api-keys/" + id).expect(204);
        Api.withKey(key).get("/api/v1/schemas").problem(401, "UNAUTHENTICATED");
    }

    @Test
    void aKeyOnTheRevocationListIsRefusedEvenIfTheDatabaseStillHasItActive() throws Exception {
        Assumptions.assumeTrue(TestStack.current().ownsRedis(), "needs the test stack's own Redis");
        Api admin = Api.admin();
        String key = admin.createKey("listed-only", "reader");
        Api.withKey(key).get("/api/v1/schemas").expect(200);
        String id = admin.keyId("listed-only");
        TestStack.current().redisCommand("SET", "velocity:revoked:apikey:" + id, "1");
        Api.withKey(key).get("/api/v1/schemas").problem(401, "UNAUTHENTICATED");
        assertEquals(0, Sql.adminCount("SELECT count(*) FROM platform.api_keys WHERE id = ?::uuid "
                + "AND revoked_at IS NOT NULL", id), "refused by the list alone");
    }

    /**
     * The replica that revokes a key drops the copy of its row it had just kept (ADR 0021): with the
     * revocation list's entry gone, as after a Redis restart, the database's revoked_at alone still
     * refuses the key on the next request, not five seconds later.
     */
    @Test
    void aKeyRevokedHereIsRefusedOnItsRowAloneThoughTheRowWasKept() throws Exception {
        Assumptions.assumeTrue(TestStack.current().ownsRedis(), "needs the test stack's own Redis");
        Api admin = Api.admin();
        String key = admin.createKey("kept-then-revoked", "reader");
        Api.withKey(key).get("/api/v1/schemas").expect(200);
        String id = admin.keyId("kept-then-revoked");
        admin.delete("/api/v1/api-keys/" + id).expect(204);
        TestStack.current().redisCommand("DEL", "velocity:revoked:apikey:" + id);
        Api.withKey(key).get("/api/v1/schemas").problem(401, "UNAUTHENTICATED");
        assertEquals(1, Sql.adminCount("SELECT count(*) FROM platform.audit_log WHERE operation = 'authenticate' "
                + "AND result = 'denied' AND fail_mode = ?", "revoked key " + id), "refused on the row, not the list");
    }

    private static long refusals() {
        return Sql.adminCount("SELECT count(*) FROM platform.audit_log WHERE operation = 'authenticate' "
                + "AND result = 'denied' AND fail_mode LIKE 'REVOCATION_UNAVAILABLE: fail-closed%'");
    }
}
