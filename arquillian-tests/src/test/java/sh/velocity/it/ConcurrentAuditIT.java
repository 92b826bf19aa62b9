package sh.velocity.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import sh.velocity.it.stack.TestStack;
import sh.velocity.it.support.Api;
import sh.velocity.it.support.Deployments;
import sh.velocity.it.support.Manifests;

/**
 * Issue 6, acceptance 2: many concurrent writers on ONE schema. The chain verifies, no sequence
 * number is missing, and every acknowledged write has exactly one event (and every event an
 * acknowledged record). 50 writers for 8 s here; {@code -Dvelocity.it.audit-writers-seconds=30}
 * runs the 30 s.
 */
@ExtendWith(ArquillianExtension.class)
class ConcurrentAuditIT {

    private static final int WRITERS = 50;
    private static final int KEYS = 10;

    @Deployment(testable = false)
    static EnterpriseArchive app() {
        return Deployments.velocity();
    }

    @Test
    void fiftyWritersOnOneChainLoseNoEventAndTheChainVerifies() throws Exception {
        String name = "chain-fifty";
        String path = Manifests.pathOf(name);
        String records = "/api/v1/records/" + path;
        Api admin = Api.admin();
        admin.post("/api/v1/schemas", "application/yaml", Manifests.exampleNamed(name)).expect(201);
        // Writers spread over ten keys, so the per-credential rate limit is not what is measured.
        List<Api> keys = new ArrayList<>();
        for (int k = 0; k < KEYS; k++) {
            keys.add(Api.withKey(admin.createKey("fifty-writer-" + k, "writer")));
        }

        long seconds = Long.getLong("velocity.it.audit-writers-seconds", 8);
        long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        Map<Integer, AtomicInteger> otherStatuses = new ConcurrentHashMap<>();
        Set<String> refusals = ConcurrentHashMap.newKeySet();
        ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
        try {
            List<Future<?>> writers = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                Api api = keys.get(w % KEYS);
                int writer = w;
                writers.add(pool.submit(() -> {
                    for (int i = 0; System.nanoTime() < deadline; i++) {
                        JsonObject body = Json.createObjectBuilder().add("po_number", "W" + writer + "-" + i)
                                .add("amount", 1 + i % 1000).add("currency", "EUR").build();
                        Api.Response r = api.postJson(records, body);
                        if (r.status() == 201) {
                            acknowledged.add(r.json().getString("id"));
                        } else {
                            otherStatuses.computeIfAbsent(r.status(), s -> new AtomicInteger()).incrementAndGet();
                            refusals.add(r.body());
                        }
                    }
                }));
            }
            for (Future<?> f : writers) {
                f.get(seconds + 120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        assertTrue(otherStatuses.isEmpty(), "every write was acknowledged: " + new TreeMap<>(otherStatuses)
                + " " + refusals.stream().limit(3).toList());
        assertTrue(acknowledged.size() >= WRITERS, "each writer wrote at least once: " + acknowledged.size());

        JsonObject verify = admin.get("/api/v1/audit/verify?schema=" + path).expect(200).json();
        assertTrue(verify.getBoolean("valid"), verify.toString());
        assertEquals(acknowledged.size(), verify.getInt("events"), "one event per acknowledged write");

        Set<String> audited = new HashSet<>();
        long duplicates = 0;
        try (Connection c = TestStack.current().adminConnection();
             PreparedStatement ps = c.prepareStatement("SELECT resource, operation FROM platform.audit_log "
                     + "WHERE chain = ? ORDER BY seq")) {
            ps.setString(1, path);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    assertEquals("record.create", rs.getString("operation"));
                    String resource = rs.getString("resource");
                    if (!audited.add(resource.substring(resource.lastIndexOf('/') + 1))) {
                        duplicates++;
                    }
                }
            }
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
        assertEquals(0, duplicates, "no record has two create events");
        assertEquals(acknowledged, audited, "the events name exactly the acknowledged records");
        System.out.printf("ConcurrentAuditIT: %d writers, %d s, %d acknowledged creates (%.0f/s), chain of %d events"
                + " verified%n", WRITERS, seconds, acknowledged.size(), acknowledged.size() / (double) seconds,
                verify.getInt("events"));
    }
}
