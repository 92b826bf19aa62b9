package sh.velocity.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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

    /**
     * The credential bucket is narrowed for the burst (40 tokens, 2/s) through {@code configDropins},
     * which the throttle store reads again within seconds: with the default 100/s a loaded machine
     * may never serve one key faster than its bucket refills, and the test would measure the machine.
     */
    @Test
    void aBurstFromOneKeyIsLimitedWithRetryAfterAndOtherKeysAreNot() throws Exception {
        Api admin = Api.admin();
        String burstKey = admin.createKey("burst", "reader");
        String otherKey = admin.createKey("bystander", "reader");
        Path narrow = Path.of(System.getProperty("it.wlp.dir"), "usr", "servers", System.getProperty("it.server.name"),
                "configDropins", "overrides", "zz-narrow-bucket.xml");
        Files.writeString(narrow, "<server><variable name=\"velocity.rate-limit.credential.capacity\" value=\"40\"/>"
                + "<variable name=\"velocity.rate-limit.credential.per-second\" value=\"2\"/></server>",
                StandardCharsets.UTF_8);
        HttpResponse<String> r;
        AtomicInteger ok = new AtomicInteger();
        try {
            awaitBucket(admin, "40 refilling 2/s per credential");
            HttpClient http = HttpClient.newHttpClient();
            ExecutorService pool = Executors.newFixedThreadPool(8);
            AtomicReference<HttpResponse<String>> limited = new AtomicReference<>();
            long deadline = System.nanoTime() + 30_000_000_000L;
            try {
                List<Future<?>> workers = new ArrayList<>();
                for (int t = 0; t < 8; t++) {
                    workers.add(pool.submit(() -> {
                        for (int i = 0; i < 100 && limited.get() == null && System.nanoTime() < deadline; i++) {
                            HttpResponse<String> one = http.send(HttpRequest.newBuilder(URI.create(
                                    TestStack.current().baseUrl() + "/api/v1/schemas"))
                                    .header("Authorization", "Bearer " + burstKey).build(),
                                    HttpResponse.BodyHandlers.ofString());
                            if (one.statusCode() == 200) {
                                ok.incrementAndGet();
                            } else {
                                limited.compareAndSet(null, one);
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
            r = limited.get();
            System.out.printf("rate limit burst: %d passed before the first refusal%n", ok.get());
            assertNotNull(r, "a bucket of 40 refilling 2/s empties within 800 requests (" + ok.get() + " passed)");
            assertEquals(429, r.statusCode(), r.body());
            assertTrue(r.body().contains("RATE_LIMITED"), r.body());
            assertTrue(Integer.parseInt(r.headers().firstValue("Retry-After").orElse("0")) >= 1);
            assertTrue(ok.get() >= 40, "at least the bucket's capacity passed: " + ok.get());
            Api.withKey(otherKey).get("/api/v1/schemas").expect(200);
        } finally {
            Files.delete(narrow);
        }
        awaitBucket(admin, "200 refilling 100/s per credential");
    }

    /** Waits until the checklist reports the credential bucket in force (the throttle store's own reading). */
    private static void awaitBucket(Api admin, String inForce) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        String evidence = "";
        while (System.nanoTime() < deadline) {
            JsonObject body = admin.get("/api/v1/compliance/checklist").expect(200).json();
            for (JsonObject c : body.getJsonArray("items").getValuesAs(JsonObject.class)) {
                if ("rate-limits".equals(c.getString("id"))) {
                    evidence = c.getString("evidence");
                }
            }
            if (evidence.contains(inForce)) {
                return;
            }
            Thread.sleep(1000);
        }
        throw new AssertionError("the bucket never came in force (" + inForce + "): " + evidence);
    }
}
