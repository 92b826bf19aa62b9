package sh.velocity.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
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
import sh.velocity.it.support.Sql;

/**
 * Linking after commit (ADR 0017) where no request links: events a server committed and never
 * linked (it stopped between its commit and its link pass) are linked by the running server's
 * timer; and several linkers at once (replicas, each with its timer and its requests) keep every
 * chain whole. Events are queued the way the server queues them, with {@code platform.audit_append}
 * as {@code velocity_api}, and linked with {@code platform.audit_link}, the server's own calls.
 */
@ExtendWith(ArquillianExtension.class)
class AuditLinkingIT {

    @Deployment(testable = false)
    static EnterpriseArchive app() {
        return Deployments.velocity();
    }

    @Test
    void eventsCommittedButNeverLinkedAreLinkedByTheTimer() throws Exception {
        Api admin = Api.admin();
        String path = Manifests.pathOf("link-orphans");
        admin.post("/api/v1/schemas", "application/yaml", Manifests.exampleNamed("link-orphans")).expect(201);

        try (Connection c = TestStack.current().apiConnection()) {
            c.setAutoCommit(false);
            queue(c, path, "orphan", 5);
            c.commit();
        }

        JsonObject verify = awaitEvents(admin, path, 5, 15_000);
        assertTrue(verify.getBoolean("valid"), verify.toString());
        assertEquals(0, Sql.adminCount("SELECT count(*) FROM platform.audit_pending WHERE chain = ?", path),
                "nothing of the chain is left queued");
    }

    @Test
    void fourLinkersAtOnceBesideTheServerKeepEveryChainWhole() throws Exception {
        Api admin = Api.admin();
        List<String> paths = List.of(Manifests.pathOf("link-racing-a"), Manifests.pathOf("link-racing-b"));
        admin.post("/api/v1/schemas", "application/yaml", Manifests.exampleNamed("link-racing-a")).expect(201);
        admin.post("/api/v1/schemas", "application/yaml", Manifests.exampleNamed("link-racing-b")).expect(201);
        int transactions = 40;
        int perTransaction = 25;

        ExecutorService pool = Executors.newFixedThreadPool(6);
        AtomicInteger writing = new AtomicInteger(2);
        List<Integer> linkedByTest = new ArrayList<>();
        try {
            List<Future<Integer>> work = new ArrayList<>();
            // two writers queue 1,000 events per chain in transactions of 25, interleaving the chains
            for (int w = 0; w < 2; w++) {
                int writer = w;
                work.add(pool.submit(() -> {
                    try (Connection c = TestStack.current().apiConnection()) {
                        c.setAutoCommit(false);
                        for (int t = 0; t < transactions; t++) {
                            for (String path : paths) {
                                queue(c, path, "w" + writer + "-t" + t, perTransaction / 2 + (writer == 0 ? 1 : 0));
                            }
                            c.commit();
                        }
                    } finally {
                        writing.decrementAndGet();
                    }
                    return 0;
                }));
            }
            // four linkers in small batches, racing each other and the server's timer, until the
            // writers are done and a pass finds nothing (SKIP LOCKED: another may still hold rows)
            for (int l = 0; l < 4; l++) {
                work.add(pool.submit(() -> {
                    int linked = 0;
                    try (Connection c = TestStack.current().apiConnection();
                         PreparedStatement ps = c.prepareStatement("SELECT platform.audit_link(7)")) {
                        while (true) {
                            boolean writersDone = writing.get() == 0;
                            int n;
                            try (ResultSet rs = ps.executeQuery()) {
                                rs.next();
                                n = rs.getInt(1);
                            }
                            linked += n;
                            if (n == 0 && writersDone) {
                                break;
                            }
                            if (n == 0) {
                                Thread.sleep(5);
                            }
                        }
                    }
                    return linked;
                }));
            }
            for (Future<Integer> f : work) {
                linkedByTest.add(f.get(120, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }

        long perChain = (long) transactions * (perTransaction / 2 + 1) + (long) transactions * (perTransaction / 2);
        for (String path : paths) {
            JsonObject verify = awaitEvents(admin, path, perChain, 15_000);
            assertTrue(verify.getBoolean("valid"), path + ": " + verify);
            assertEquals(perChain, Sql.adminCount("SELECT count(DISTINCT seq) FROM platform.audit_log WHERE chain = ?",
                    path), path + ": one row per sequence number");
            assertEquals(perChain, Sql.adminCount("SELECT max(seq) FROM platform.audit_log WHERE chain = ?", path),
                    path + ": sequence numbers 1..N without a gap");
            assertEquals(perChain, Sql.adminCount("SELECT count(DISTINCT resource) FROM platform.audit_log "
                    + "WHERE chain = ?", path), path + ": every queued event linked exactly once");
        }
        System.out.printf("AuditLinkingIT: %d events on two chains; the four test linkers linked %s, the server "
                + "the rest%n", 2 * perChain, linkedByTest.subList(2, 6));
        assertEquals(0, Sql.adminCount("SELECT count(*) FROM platform.audit_pending WHERE chain = ANY (?)",
                (Object) paths.toArray(new String[0])), "nothing left queued");
    }

    /** Queues {@code n} record events on {@code chain}, each naming a distinct resource. */
    private static void queue(Connection c, String chain, String tag, int n) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("CALL platform.audit_append(?, 'linking-it', 'record.create', "
                + "?, 'success', NULL, ?, '127.0.0.1', '{\"fields\":[\"po_number\"]}'::jsonb)")) {
            for (int i = 0; i < n; i++) {
                ps.setString(1, chain);
                ps.setString(2, chain + "/" + tag + "-" + i);
                ps.setString(3, "linking-it-" + tag + "-" + i);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** Verifies the chain until it holds {@code events} events (the timer links within about a second). */
    private static JsonObject awaitEvents(Api admin, String path, long events, long timeoutMillis)
            throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        JsonObject verify;
        do {
            verify = admin.get("/api/v1/audit/verify?schema=" + path).expect(200).json();
            if (verify.getInt("events") >= events) {
                break;
            }
            Thread.sleep(200);
        } while (System.currentTimeMillis() < deadline);
        assertEquals(events, verify.getInt("events"), path + ": " + verify);
        return verify;
    }
}
