package sh.velocity.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jboss.arquillian.container.test.api.Deployer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import sh.velocity.it.stack.DrainEndpoints;
import sh.velocity.it.stack.TestStack;
import sh.velocity.it.support.Api;
import sh.velocity.it.support.Deployments;
import sh.velocity.it.support.Manifests;
import sh.velocity.it.support.SyslogReceiver;
import sh.velocity.it.support.WebhookReceiver;

/**
 * Issue 6, acceptance 5: the SIEM receivers get every audit event exactly once after deduplication
 * by event id, across a restart of the application in the middle of draining. The webhook receiver
 * refuses some requests (503, 429: retried), and holds one batch it stored without ever answering
 * while the application is undeployed and deployed again: that batch comes again (the cursor had
 * not moved), and nothing else repeats (the cursor survived the restart). The syslog receiver reads
 * RFC 5425 TLS with a certificate the server checks against its configured CA file. Last, the test
 * holds the webhook drain's advisory lock as another replica would: no webhook request is sent until
 * it lets go, while the syslog drain goes on.
 */
@ExtendWith(ArquillianExtension.class)
class AuditDrainsIT {

    private static final String CARD = "4111111111111111";
    /** The webhook drain's advisory lock, as docs/operations.md §13 names it. */
    private static final String LOCK_KEY = "hashtextextended('velocity.audit.drain/webhook', 0)";

    @ArquillianResource
    Deployer deployer;

    @Deployment(name = "drains-before", managed = false, testable = false)
    static EnterpriseArchive before() {
        return Deployments.velocity("audit-drains-before.ear");
    }

    @Deployment(name = "drains-after", managed = false, testable = false)
    static EnterpriseArchive after() {
        return Deployments.velocity("audit-drains-after.ear");
    }

    @Test
    void everyEventReachesBothReceiversExactlyOnceAfterDedupAcrossARestartInTheMiddleOfDraining() throws Exception {
        DrainEndpoints endpoints = TestStack.current().drains();
        try (WebhookReceiver webhook = WebhookReceiver.start(endpoints.webhookPort(), endpoints.webhookSecret());
             SyslogReceiver syslog = SyslogReceiver.start(endpoints.syslogPort(), endpoints.syslogKeystore(),
                     endpoints.syslogKeystorePassword())) {
            webhook.failNext(503, 503);
            String deployed = "drains-before";
            deployer.deploy(deployed);
            try {
                String path = Manifests.pathOf("drained-orders");
                Api admin = Api.admin();
                admin.post("/api/v1/schemas", "application/yaml", Manifests.exampleNamed("drained-orders")).expect(201);
                int created = 0;
                while (created < 30) {
                    createRecord(admin, path, created++);
                }
                CountDownLatch held = webhook.holdNext();
                while (held.getCount() > 0 && created < 300) {
                    createRecord(admin, path, created++);
                }
                assertTrue(held.await(20, TimeUnit.SECONDS), "the webhook drain sent a batch while records were written");

                // The restart, while the receiver holds a batch it stored but has not acknowledged.
                deployer.undeploy(deployed);
                deployed = null;
                webhook.release();
                int storedBeforeRestart = webhook.events().size();
                deployer.deploy("drains-after");
                deployed = "drains-after";
                webhook.failNext(429);
                for (int i = 0; i < 20; i++) {
                    createRecord(admin, path, created++);
                }

                Map<String, Sealed> expected = awaitDelivered(45, webhook.events(), syslog.events());
                assertTrue(expected.keySet().stream().filter(id -> id.startsWith(path + ":")).count() >= created,
                        "the test's own chain is among them");
                assertExactlyOnceAfterDedup("webhook", expected, webhook.events(), 20);
                assertExactlyOnceAfterDedup("syslog", expected, syslog.events(), 25);
                assertEquals(0, webhook.badSignatures(), "every request was signed with the shared secret");
                assertEquals(3, webhook.refused(), "two 503s and a 429 were answered, and their events came again");
                assertTrue(webhook.events().values().stream().anyMatch(d -> d.size() > 1),
                        "the batch stored but never acknowledged before the restart was delivered again");
                // At least the held batch: stored by the receiver, not yet acknowledged, when the
                // application went down (behind other tests' backlog it may be the only one).
                assertTrue(storedBeforeRestart > 0, "the restart came in the middle of draining, not before it");
                assertEquals(0, syslog.malformed(), "every syslog frame parsed as RFC 5424 with consistent fields");
                assertFalse(webhook.events().toString().contains(CARD) || syslog.events().toString().contains(CARD),
                        "no unmasked card number left the server");
                assertMetrics();

                // Another replica holding the webhook drain's lock: this one sends nothing meanwhile.
                try (Connection replica = TestStack.current().adminConnection(); Statement st = replica.createStatement()) {
                    st.execute("SELECT pg_advisory_lock(" + LOCK_KEY + ")");
                    int requests = webhook.requests();
                    for (int i = 0; i < 5; i++) {
                        createRecord(admin, path, created++);
                    }
                    Map<String, Sealed> now = awaitDelivered(20, syslog.events());
                    assertTrue(syslog.events().keySet().containsAll(now.keySet()), "the syslog drain went on");
                    assertEquals(requests, webhook.requests(), "no webhook delivery while the lock was held elsewhere");
                    // The gauge is the webhook drain's own reading, taken on each of its passes: wait
                    // for a pass after the five commits (syslog's delivery says nothing of it).
                    double lag = metricValue("velocity_audit_drain_lag_events", "webhook");
                    for (long until = System.nanoTime() + 20_000_000_000L; lag < 5 && System.nanoTime() < until; ) {
                        Thread.sleep(250);
                        lag = metricValue("velocity_audit_drain_lag_events", "webhook");
                    }
                    assertTrue(lag >= 5, "the lag shows the events held back (gauge " + lag + ")");
                    st.execute("SELECT pg_advisory_unlock(" + LOCK_KEY + ")");
                }
                expected = awaitDelivered(20, webhook.events());
                assertExactlyOnceAfterDedup("webhook", expected, webhook.events(), 20);
            } finally {
                webhook.release();
                if (deployed != null) {
                    deployer.undeploy(deployed);
                }
            }
        }
    }

    private static void createRecord(Api admin, String path, int i) {
        admin.postJson("/api/v1/records/" + path, Json.createObjectBuilder().add("po_number", "D-" + i)
                .add("amount", i + 1).add("currency", "EUR").add("credit_card", CARD).build()).expect(201);
    }

    /** One sealed event as the database holds it: what a receiver must have got. */
    private record Sealed(String hash, String prevHash, String timestamp) {
    }

    /** Every event of every chain up to its head, once the receivers have all of them (or the time is up). */
    @SafeVarargs
    private static Map<String, Sealed> awaitDelivered(int seconds, Map<String, List<JsonObject>>... receivers)
            throws Exception {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        Map<String, Sealed> expected;
        do {
            expected = sealedEvents();
            Set<String> ids = expected.keySet();
            if (Arrays.stream(receivers).allMatch(r -> r.keySet().containsAll(ids))) {
                return expected;
            }
            Thread.sleep(500);
        } while (System.nanoTime() < until);
        return expected;
    }

    private static Map<String, Sealed> sealedEvents() throws Exception {
        Map<String, Sealed> out = new HashMap<>();
        try (Connection c = TestStack.current().adminConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT l.chain || ':' || l.seq, l.hash, l.prev_hash, "
                     + "platform.audit_timestamp(l.created_at) FROM platform.audit_log l "
                     + "JOIN platform.audit_chain_heads h ON h.chain = l.chain AND l.seq <= h.seq")) {
            while (rs.next()) {
                out.put(rs.getString(1), new Sealed(rs.getString(2), rs.getString(3), rs.getString(4)));
            }
        }
        return out;
    }

    /**
     * The receiver has exactly the sealed events after deduplication by id, each as sealed; repeated
     * deliveries are identical and few (at most one batch: the cursor was not reset by the restart).
     */
    private static void assertExactlyOnceAfterDedup(String receiver, Map<String, Sealed> expected,
                                                    Map<String, List<JsonObject>> received, int batchSize) {
        Set<String> missing = new TreeSet<>(expected.keySet());
        missing.removeAll(received.keySet());
        assertTrue(missing.isEmpty(), receiver + " is missing " + missing.size() + " event(s), e.g. "
                + missing.stream().limit(5).toList());
        Set<String> unexpected = new TreeSet<>(received.keySet());
        unexpected.removeAll(expected.keySet());
        assertTrue(unexpected.isEmpty(), receiver + " got events that are not sealed in the log: " + unexpected);
        int repeated = 0;
        for (Map.Entry<String, List<JsonObject>> e : received.entrySet()) {
            Sealed sealed = expected.get(e.getKey());
            JsonObject first = e.getValue().get(0);
            assertEquals(sealed.hash(), first.getString("hash"), receiver + " " + e.getKey());
            assertEquals(sealed.prevHash(), first.getString("prevHash"), receiver + " " + e.getKey());
            assertEquals(sealed.timestamp(), first.getString("timestamp"), receiver + " " + e.getKey());
            for (JsonObject again : e.getValue()) {
                assertEquals(first, again, receiver + ": a repeated delivery of " + e.getKey() + " differs");
            }
            repeated += e.getValue().size() > 1 ? 1 : 0;
        }
        assertTrue(repeated <= batchSize, receiver + " got " + repeated + " events more than once: more than the "
                + "one batch in flight at the restart, so a cursor went back");
    }

    /** Both drains caught up (lag 0); the webhook drain counted what it shipped and the 429 it got. */
    private static void assertMetrics() throws Exception {
        String metrics = "";
        for (int i = 0; i < 20; i++) {
            metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(TestStack.current().baseUrl()
                    + "/metrics?scope=application")).build(), HttpResponse.BodyHandlers.ofString()).body();
            if (value(metrics, "velocity_audit_drain_lag_events", "webhook") == 0
                    && value(metrics, "velocity_audit_drain_lag_events", "syslog") == 0) {
                break;
            }
            Thread.sleep(500);
        }
        assertEquals(0, value(metrics, "velocity_audit_drain_lag_events", "webhook"), metrics);
        assertEquals(0, value(metrics, "velocity_audit_drain_lag_events", "syslog"), metrics);
        assertTrue(value(metrics, "velocity_audit_drain_events_shipped_total", "webhook") >= 20, metrics);
        assertTrue(value(metrics, "velocity_audit_drain_events_shipped_total", "syslog") >= 20, metrics);
        assertTrue(value(metrics, "velocity_audit_drain_failures_total", "webhook") >= 1, metrics);
    }

    private static double metricValue(String name, String drain) throws Exception {
        for (int i = 0; i < 10; i++) {
            String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(TestStack.current()
                    .baseUrl() + "/metrics?scope=application")).build(), HttpResponse.BodyHandlers.ofString()).body();
            if (value(metrics, name, drain) > 0) {
                return value(metrics, name, drain);
            }
            Thread.sleep(500);
        }
        return 0;
    }

    private static double value(String metrics, String name, String drain) {
        return metrics.lines().filter(l -> l.startsWith(name + "{") && l.contains("drain=\"" + drain + "\""))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).findFirst().orElse(-1);
    }
}
