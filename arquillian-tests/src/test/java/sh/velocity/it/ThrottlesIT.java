package sh.velocity.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
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

/** Lockout after repeated failures, and per-credential rate limits, shared through Redis. */
@ExtendWith(ArquillianExtension.class)
class ThrottlesIT {

    @Deployment(testable = false)
    static EnterpriseArchive app() {
        return Deployments.velocity();
    }

    @Test
    void fiveFailedAttemptsLockTheSourceOutEvenForAValidKey() throws Exception {
        Assumptions.assumeTrue(TestStack.current().ownsRedis(), "needs the test stack's own Redis");
        Api admin = Api.admin();
        admin.get("/api/v1/schemas").expect(200);
        Api wrong = Api.withKey("vel_dev_0000000000000000000000000000000000000000000000");
        try {
            for (int i = 0; i < 5; i++) {
                wrong.get("/api/v1/schemas").problem(401, "UNAUTHENTICATED");
            }
            Api.Response locked = admin.get("/api/v1/schemas");
            locked.problem(423, "LOCKED_OUT");
            assertNotNull(locked.header("Retry-After"));
            assertTrue(Sql.adminCount("SELECT count(*) FROM platform.audit_log WHERE operation = 'authenticate' "
                    + "AND fail_mode LIKE 'LOCKOUT_STARTED%'") >= 1, "the lockout is audited");
            assertTrue(Sql.adminCount("SELECT count(*) FROM platform.audit_log WHERE operation = 'authenticate' "
                    + "AND fail_mode = 'LOCKED_OUT'") >= 1, "each locked-out request is audited");
        } finally {
            TestStack.current().redisCommand("DEL", "velocity:lockout:ip:127.0.0.1", "velocity:failures:ip:127.0.0.1");
        }
        admin.get("/api/v1/schemas").expect(200);
    }

    @Test
    void aBurstFromOneKeyIsLimitedWithRetryAfterAndOtherKeysAreNot() throws Exception {
        Api admin = Api.admin();
        String burstKey = admin.createKey("burst", "reader");
        String otherKey = admin.createKey("bystander", "reader");
        HttpClient http = HttpClient.newHttpClient();
        ExecutorService pool = Executors.newFixedThreadPool(16);
        AtomicInteger ok = new AtomicInteger();
        AtomicReference<HttpResponse<String>> limited = new AtomicReference<>();
        long deadline = System.nanoTime() + 30_000_000_000L;
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < 16; t++) {
                workers.add(pool.submit(() -> {
                    for (int i = 0; i < 250 && limited.get() == null && System.nanoTime() < deadline; i++) {
                        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(
                                TestStack.current().baseUrl() + "/api/v1/schemas"))
                                .header("Authorization", "Bearer " + burstKey).build(), HttpResponse.BodyHandlers.ofString());
                        if (r.statusCode() == 200) {
                            ok.incrementAndGet();
                        } else {
                            limited.compareAndSet(null, r);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> w : workers) {
                w.get();
            }
        } finally {
            pool.shutdownNow();
        }
        HttpResponse<String> r = limited.get();
        System.out.printf("rate limit burst: %d passed before the first refusal%n", ok.get());
        assertNotNull(r, "the bucket empties within 4,000 requests (" + ok.get() + " passed)");
        assertEquals(429, r.statusCode(), r.body());
        assertTrue(r.body().contains("RATE_LIMITED"), r.body());
        assertTrue(Integer.parseInt(r.headers().firstValue("Retry-After").orElse("0")) >= 1);
        assertTrue(ok.get() >= 200, "at least the bucket's capacity passed: " + ok.get());
        Api.withKey(otherKey).get("/api/v1/schemas").expect(200);
    }
}
