package sh.velocity.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
 * chain whole; and when link passes keep failing, readiness goes DOWN after 30 s (the replica leaves
 * the load balancer) and comes back UP once linking works again. Events are queued the way the server
 * queues them, with {@code platform.audit_append} as {@code velocity_api}, and linked with
 * {@code platform.audit_link}, the server's own calls.
 */
@ExtendWith(ArquillianExtension.class)
class AuditLinkingIT {

    /** The readiness data of a stalled linker (AuditLinker.failingFor). */
    private static final String STALLED = "have not been linked into their chains";

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

    @Test
    void linkingThatKeepsFailingTakesTheReplicaOutOfReadinessUntilItWorksAgain() throws Exception {
        Api admin = Api.admin();
        String path = Manifests.pathOf("link-stalled");
        admin.post("/api/v1/schemas", "application/yaml", Manifests.exampleNamed("link-stalled")).expect(201);
        // other checks (search engine, Redis) are not this test's business: it watches the linking
        // entry of 'audit-chains', and the status only where it was UP before the fault
        HttpResponse<String> before = ready();
        assertFalse(before.body().contains(STALLED), before.body());

        // every link pass now fails: the chain's events cannot enter platform.audit_log
        Sql.admin("""
                CREATE FUNCTION platform.test_refuse_link() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    RAISE EXCEPTION 'injected link failure';
                END $$""",
                "CREATE TRIGGER test_refuse_link BEFORE INSERT ON platform.audit_log FOR EACH ROW "
                        + "WHEN (NEW.chain = '" + path + "') EXECUTE FUNCTION platform.test_refuse_link()");
        try {
            try (Connection c = TestStack.current().apiConnection()) {
                c.setAutoCommit(false);
                queue(c, path, "stalled", 3);
                c.commit();
            }
            // the monitor calls it stalled after 30 s of failing passes (one a second, from the timer)
            long deadline = System.currentTimeMillis() + 60_000;
            HttpResponse<String> ready = ready();
            while (!ready.body().contains(STALLED) && System.currentTimeMillis() < deadline) {
                Thread.sleep(1_000);
                ready = ready();
            }
            assertEquals(503, ready.statusCode(), ready.body());
            assertTrue(ready.body().contains("audit-chains") && ready.body().contains(STALLED), ready.body());
            assertFalse(ready.body().contains("injected link failure"), "the reason is a SQLState, not the "
                    + "database's message: " + ready.body());
            assertEquals(3, Sql.adminCount("SELECT count(*) FROM platform.audit_pending WHERE chain = ?", path),
                    "the events stay queued while linking fails");
        } finally {
            Sql.admin("DROP TRIGGER test_refuse_link ON platform.audit_log",
                    "DROP FUNCTION platform.test_refuse_link()");
        }

        JsonObject verify = awaitEvents(admin, path, 3, 15_000);
        assertTrue(verify.getBoolean("valid"), verify.toString());
        long deadline = System.currentTimeMillis() + 15_000;
        HttpResponse<String> ready = ready();
        while (ready.body().contains(STALLED) && System.currentTimeMillis() < deadline) {
            Thread.sleep(500);
            ready = ready();
        }
        assertFalse(ready.body().contains(STALLED), "linking is no longer reported: " + ready.body());
        if (before.statusCode() == 200) {
            assertEquals(200, ready.statusCode(), "ready again once linking works: " + ready.body());
        }
    }

    @Test
    void anEventOnAChainThatCouldNeverBeLinkedIsRefusedWhenQueued() throws Exception {
        // its organisation could never have a partition, so every link pass would fail on it (audit V8)
        long queued = Sql.adminCount("SELECT count(*) FROM platform.audit_pending");
        try (Connection c = TestStack.current().apiConnection()) {
            SQLException e = assertThrows(SQLException.class, () -> queue(c, "Not-An-Org/x/y/v1", "poison", 1));
            SQLException refused = e.getNextException() != null ? e.getNextException() : e; // a batch wraps it
            assertEquals("VA002", refused.getSQLState(), refused.getMessage());
        }
        assertTrue(Sql.adminCount("SELECT count(*) FROM platform.audit_pending WHERE chain = 'Not-An-Org/x/y/v1'")
                == 0 && Sql.adminCount("SELECT count(*) FROM platform.audit_pending") <= queued,
                "nothing was queued");
    }

    @Test
    void theOrganisationRuleIsOneInlinableFunctionThatTheCallersSearchPathCannotRedirect() throws Exception {
        // audit V9: no SET clause and no SECURITY DEFINER (so PostgreSQL inlines them), immutable
        assertEquals(2, Sql.adminCount("SELECT count(*) FROM pg_proc WHERE pronamespace = 'platform'::regnamespace"
                + " AND proname IN ('audit_org_of', 'audit_org_valid') AND proconfig IS NULL AND NOT prosecdef"
                + " AND provolatile = 'i' AND prolang = (SELECT oid FROM pg_language WHERE lanname = 'sql')"));
        try (Connection c = TestStack.current().adminConnection(); var s = c.createStatement()) {
            c.setAutoCommit(false);
            // a caller whose search_path puts its own split_part and = before pg_catalog's
            s.execute("CREATE SCHEMA zz_shadow");
            s.execute("CREATE FUNCTION zz_shadow.split_part(text, text, integer) RETURNS text LANGUAGE sql"
                    + " AS $$ SELECT 'shadowed'::text $$");
            s.execute("CREATE FUNCTION zz_shadow.always(text, text) RETURNS boolean LANGUAGE sql AS $$ SELECT true $$");
            s.execute("CREATE OPERATOR zz_shadow.= (LEFTARG = text, RIGHTARG = text, FUNCTION = zz_shadow.always)");
            s.execute("SET LOCAL search_path = zz_shadow, pg_catalog");
            try (ResultSet r = s.executeQuery("SELECT platform.audit_org_of('acme/x/y/v1'),"
                    + " platform.audit_org_of('platform'), platform.audit_org_valid('acme'),"
                    + " platform.audit_org_valid(''), platform.audit_org_valid('Not-An-Org'),"
                    + " platform.audit_org_valid('x'), platform.audit_org_valid(repeat('a', 64))")) {
                r.next();
                assertEquals("acme", r.getString(1));
                assertEquals("", r.getString(2));
                assertTrue(r.getBoolean(3) && r.getBoolean(4) && r.getBoolean(6));
                assertFalse(r.getBoolean(5) || r.getBoolean(7), "not an organisation");
            } finally {
                c.rollback();
            }
        }
        // audit_ensure_partition refuses the organisation audit_append refuses (the test above)
        try (Connection c = TestStack.current().apiConnection(); var s = c.createStatement()) {
            SQLException e = assertThrows(SQLException.class,
                    () -> s.execute("SELECT platform.audit_ensure_partition('Not-An-Org', current_date)"));
            assertEquals("VA002", e.getSQLState(), e.getMessage());
        }
    }

    /**
     * audit V10: a link pass plans its statements once per connection, not on every call (it had
     * planned five statements again on every pass, 1.0 ms of a 3.4 ms pass under load); its plans
     * read the queue by primary key whatever the queue's size when they were made; and it still
     * pins its search_path. The other tests of this class link through it with these settings.
     */
    @Test
    void aLinkPassKeepsGenericIndexPlansAndItsSearchPath() throws Exception {
        try (Connection c = TestStack.current().adminConnection(); var s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT array_to_string(proconfig, '|') FROM pg_proc"
                     + " WHERE oid = 'platform.audit_link(integer)'::regprocedure")) {
            assertTrue(r.next());
            List<String> config = List.of(r.getString(1).split("\\|"));
            assertTrue(config.contains("plan_cache_mode=force_generic_plan"), config.toString());
            assertTrue(config.contains("enable_seqscan=off"), config.toString());
            assertTrue(config.contains("search_path=pg_catalog, pg_temp"), config.toString());
        }
    }

    private static HttpResponse<String> ready() throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(TestStack.current().baseUrl() + "/health/ready")).build(),
                HttpResponse.BodyHandlers.ofString());
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
