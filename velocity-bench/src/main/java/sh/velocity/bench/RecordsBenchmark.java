package sh.velocity.bench;

import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Records over HTTP against a running server, N concurrent clients (default 16), closed loop:
 *
 * <ol>
 *   <li><b>audited creates, one chain</b> — every client POSTs records that pass the example's CEL
 *       rule to ONE fresh copy of the example manifest. Each create is authentication, authorization,
 *       validation, the CEL rule, and one JTA transaction with the record row (under RLS), the outbox
 *       row and {@code platform.audit_insert} on the schema's chain;</li>
 *   <li><b>audited creates, ten chains</b> — the same spread round-robin over ten fresh copies (ten
 *       record types, so ten audit chains);</li>
 *   <li><b>reads at R rows</b> (default 1,000,000) — a fresh copy filled by SQL as a superuser
 *       ({@code INSERT … SELECT generate_series}, ids known to the benchmark; amounts with two decimals,
 *       as the creates send them), then GET by a random
 *       id, list {@code limit=100} (first page), and list {@code limit=100} from a random position
 *       (a cursor for a random row). The example masks credit_card, so each of these reads is
 *       itself audited (one event on the schema's chain per request); the same three reads run
 *       again on a copy without the masking, whose reads are not audited. Each unaudited read is
 *       followed by its SQL baselines ({@link SqlReads}): the statements the server sends for it,
 *       and the bare query, straight to PostgreSQL from this JVM with the same clients;</li>
 *   <li><b>floors</b> (before the reads) — the same clients, closed loop, on the two cheapest
 *       requests this server answers: {@code GET /.well-known/jwks.json} without a credential (the
 *       common part of the request filter and a document served from memory: no authentication,
 *       Redis or database) and {@code OPTIONS /api/v1/schemas} with the API key (authentication with
 *       its {@code SELECT}, once every five seconds since ADR 0021, and revocation check, the
 *       admission script in Redis, JAX-RS; no transaction). No read can be faster than the second on this machine, so its p99 says whether
 *       a read latency goal is within reach of the design at all. A third floor has no HTTP:
 *       {@code SELECT 1} over JDBC with the same clients, what one round trip to PostgreSQL takes.</li>
 * </ol>
 *
 * Before the first phase, a server warm-up (creates and lists, not measured, at least 90 s by
 * default and then in 30 s windows while the rate still climbs, at most 600 s): on a freshly
 * started server the JIT is still compiling Liberty, Weld and RESTEasy; a 5-second warm-up left the
 * first phase at a third of its later rate, a 90-second one at about half. Each phase has its own
 * short warm-up.
 * With a database to look at, each phase also samples {@code pg_stat_activity} (backends running,
 * waiting for a lock, idle in transaction) and every phase reports CPU by process.
 *
 * <p>Every copy is a new schema {@code bench-rec-*} / {@code bench-rows-*} / {@code bench-rowsu-*};
 * nothing is removed afterwards (there is no schema delete), and a full run leaves about 2.5
 * million rows behind: point it at a development database only.
 */
final class RecordsBenchmark {

    static final int TYPES = 10;

    /** One window of the server warm-up. */
    static final Duration WARMUP_WINDOW = Duration.ofSeconds(30);

    /** How much faster than every window before them one of the last two windows must be to count as climbing. */
    static final double CLIMBING = 1.05;

    /** {@code jdkClient}: the phases go over the JDK's shared HttpClient instead of a {@link SocketTransport}. */
    record Config(URI url, Path keyFile, int clients, Duration duration, Duration warmup, Duration serverWarmup,
                  Duration serverWarmupMax, long rows, Postgres.Target pg, boolean jdkClient) {

        /** A new transport for one phase: fresh connections, closed when the phase ends. */
        LoadRun.Transport transport(Server server) {
            return jdkClient ? LoadRun.Transport.of(server.client) : new SocketTransport(clients);
        }

        String clientName() {
            return jdkClient ? "java.net.http.HttpClient, shared" : "a blocking keep-alive socket per client";
        }
    }

    /**
     * One round of the write phases: creates on one chain and on ten. With {@code --rounds}, each HTTP
     * phase has the SQL baseline's phase beside it, run just before or just after it ({@code sqlFirst}
     * in every other round, so that a machine getting faster or slower over the run does not favour
     * either side); otherwise {@code sqlOne} and {@code sqlTen} are null and pgbench runs once, after
     * all the writes.
     */
    record Round(int number, boolean sqlFirst, LoadRun.Result oneChain, PgbenchComparison.Outcome sqlOne,
                 LoadRun.Result tenChains, PgbenchComparison.Outcome sqlTen) {

        boolean interleaved() {
            return sqlOne != null;
        }
    }

    /** The write phases: one round unless {@code --rounds} asked for more. */
    record Writes(String oneChainPath, List<String> tenChainPaths, List<LoadRun.Result> serverWarmup,
                  List<Round> rounds) {

        LoadRun.Result oneChain() {
            return rounds.get(0).oneChain();
        }

        LoadRun.Result tenChains() {
            return rounds.get(0).tenChains();
        }

        boolean interleaved() {
            return rounds.get(0).interleaved();
        }
    }

    /** Runs one pgbench script of the SQL baseline (0 one chain, 1 ten chains) for a round. */
    @FunctionalInterface
    interface SqlPhase {
        PgbenchComparison.Outcome run(int script, int round) throws Exception;
    }

    /**
     * The read phases on one filled table; for the unaudited reads, each with its SQL baselines
     * ({@link SqlReads}) run right after it (null for the audited reads).
     */
    record Reads(String schemaPath, boolean audited, long rows, double fillSeconds, String fillNote,
                 LoadRun.Result get, LoadRun.Result listFirst, LoadRun.Result listAt, Beside getSql,
                 Beside listFirstSql, Beside listAtSql) {

        List<LoadRun.Result> phases() {
            List<LoadRun.Result> all = new ArrayList<>(List.of(get, listFirst, listAt));
            for (Beside b : new Beside[] {getSql, listFirstSql, listAtSql}) {
                if (b != null) {
                    all.addAll(List.of(b.server(), b.bare()));
                }
            }
            return all;
        }
    }

    /** A read phase's SQL baselines: the server's statements under row-level security, and the bare query. */
    record Beside(LoadRun.Result server, LoadRun.Result bare) {
    }

    record Result(Config config, Writes writes, List<LoadRun.Result> floors, List<Reads> reads, String readsSkipped,
                  String pgSettings) {

        String render() {
            StringBuilder out = new StringBuilder();
            out.append("Records over HTTP (").append(config.url()).append(", ").append(config.clients())
                    .append(" concurrent clients over ").append(config.clientName()).append(", closed loop, ")
                    .append(config.duration().toSeconds())
                    .append(" s per phase after ").append(config.warmup().toSeconds()).append(" s warm-up; first ")
                    .append(config.serverWarmup().toSeconds()).append(" to ").append(config.serverWarmupMax().toSeconds())
                    .append(" s of server warm-up)\n");
            if (pgSettings != null) {
                out.append("  database: ").append(pgSettings).append('\n');
            }
            Table table = new Table("phase", "ok", "req/s", "p50", "p90", "p99", "max", "errors", "Liberty CPU",
                    "PG CPU");
            for (Round r : writes.rounds()) {
                String round = writes.rounds().size() > 1 ? ", round " + r.number() : "";
                row(table, "POST create, 1 chain (1 record type)" + round, r.oneChain());
                row(table, "POST create, 10 chains (10 record types)" + round, r.tenChains());
            }
            for (LoadRun.Result f : floors) {
                row(table, f.name(), f);
            }
            for (Reads r : reads) {
                String tag = r.audited() ? "audited read" : "unaudited";
                row(table, "GET by id @" + Table.count(r.rows()) + " rows, " + tag, r.get());
                sqlRows(table, r.getSql());
                row(table, "list limit=100 first page, " + tag, r.listFirst());
                sqlRows(table, r.listFirstSql());
                row(table, "list limit=100 random position, " + tag, r.listAt());
                sqlRows(table, r.listAtSql());
            }
            out.append(table.render("  "));
            out.append("  latencies in ms, nearest-rank; req/s = successful requests / wall time of the phase;"
                    + " CPU = ms of CPU time per successful request\n");
            out.append("  'SQL' rows: the same reads sent straight to PostgreSQL from this JVM over JDBC, same clients"
                    + " and timing, right after their HTTP phase: 'server's statements' = principal binding +"
                    + " generation guard + the query in one message's implicit transaction, as velocity_api"
                    + " (row-level security on), as the server sends an unaudited read; 'bare' = the query alone,"
                    + " autocommit, as the superuser\n");
            for (Reads r : reads) {
                if (r.getSql() != null) {
                    out.append(against("GET by id", r.get(), r.getSql()));
                    out.append(against("list first page", r.listFirst(), r.listFirstSql()));
                    out.append(against("list random position", r.listAt(), r.listAtSql()));
                }
            }
            out.append("  one chain:  ").append(writes.oneChainPath()).append('\n');
            out.append("  ten chains: ").append(writes.tenChainPaths().get(0).replaceAll("-t0/v1$", "-t{0..9}/v1"))
                    .append('\n');
            for (Reads r : reads) {
                out.append("  ").append(r.audited() ? "audited reads:   " : "unaudited reads: ").append(r.schemaPath())
                        .append(", ").append(Table.count(r.rows())).append(" rows filled by SQL in ")
                        .append(String.format(Locale.ROOT, "%.1f s", r.fillSeconds()))
                        .append(r.fillNote() == null ? "" : " (" + r.fillNote() + ")").append('\n');
            }
            if (readsSkipped != null) {
                out.append("  reads skipped: ").append(readsSkipped).append('\n');
            }
            if (!writes.serverWarmup().isEmpty()) {
                List<LoadRun.Result> w = writes.serverWarmup();
                out.append(String.format(Locale.ROOT, "  server warm-up (not measured): %s requests in %.0f s (creates in"
                        + " the ten types, 1 in 5 a list), %d errors; req/s per window: %s%n",
                        Table.count(w.stream().mapToLong(LoadRun.Result::ok).sum()),
                        w.stream().mapToDouble(LoadRun.Result::seconds).sum(),
                        w.stream().mapToLong(LoadRun.Result::errors).sum(),
                        String.join(", ", w.stream().map(r -> LoadRun.rate(r.perSecond())).toList())));
            }
            List<LoadRun.Result> all = new ArrayList<>();
            writes.rounds().forEach(r -> all.addAll(List.of(r.oneChain(), r.tenChains())));
            all.addAll(floors);
            reads.forEach(r -> all.addAll(r.phases()));
            for (LoadRun.Result r : all) {
                out.append("  ").append(r.name()).append(": loadavg before/after ").append(r.loadBefore())
                        .append(" / ").append(r.loadAfter()).append("; ").append(r.cpu()).append('\n');
                out.append("    ").append(r.use().shares()).append('\n');
                if (r.database() != null) {
                    out.append("    ").append(r.database()).append('\n');
                }
                for (String s : r.errorSamples()) {
                    out.append("    error sample: ").append(s.replace('\n', ' ')).append('\n');
                }
            }
            return out.toString();
        }

        private static void sqlRows(Table table, Beside sql) {
            if (sql != null) {
                row(table, "  SQL: the server's statements", sql.server());
                row(table, "  SQL: bare query", sql.bare());
            }
        }

        /** One line: the HTTP phase's rate and p99 as multiples of its SQL baselines'. */
        static String against(String what, LoadRun.Result http, Beside sql) {
            return String.format(Locale.ROOT, "  %s against SQL: HTTP %s req/s, p99 %s ms; the server's statements"
                    + " %s/s, p99 %s ms (HTTP at %s of their rate, %s their p99); bare query %s/s, p99 %s ms%n", what,
                    LoadRun.rate(http.perSecond()), p99(http), LoadRun.rate(sql.server().perSecond()),
                    p99(sql.server()), times(http.perSecond(), sql.server().perSecond()),
                    http.latency() == null || sql.server().latency() == null ? "-"
                            : times(http.latency().nanos(99), sql.server().latency().nanos(99)),
                    LoadRun.rate(sql.bare().perSecond()), p99(sql.bare()));
        }

        private static String times(double a, double b) {
            return b <= 0 ? "-" : String.format(Locale.ROOT, "%.2fx", a / b);
        }

        private static void row(Table table, String name, LoadRun.Result r) {
            if (r.latency() == null) {
                table.row(name, 0, "0.0", "-", "-", "-", "-", r.errorSummary(), "-", "-");
                return;
            }
            table.row(name, Table.count(r.ok()), LoadRun.rate(r.perSecond()), Table.millis(r.latency().nanos(50)),
                    Table.millis(r.latency().nanos(90)), Table.millis(r.latency().nanos(99)),
                    Table.millis(r.latency().maxNanos()), r.errorSummary(), r.use().millisPer("Liberty", r.ok()),
                    r.use().millisPer("PostgreSQL", r.ok()));
        }
    }

    private final Config config;
    private final Server server;
    private final String prefix = ApplyBenchmark.random8();

    RecordsBenchmark(Config config, Server server) {
        this.config = config;
        this.server = server;
    }

    /**
     * Whether the warm-up's rate still climbs: one of its last two windows ran more than 5 % faster
     * than the best window before them. Two windows, so one slow window (the machine's noise) does
     * not end it while the server is still getting faster; fewer than three windows always climb.
     */
    static boolean stillClimbing(List<LoadRun.Result> windows) {
        int n = windows.size();
        if (n < 3) {
            return true;
        }
        double before = windows.subList(0, n - 2).stream().mapToDouble(LoadRun.Result::perSecond).max().orElse(0);
        double recent = Math.max(windows.get(n - 1).perSecond(), windows.get(n - 2).perSecond());
        return recent > before * CLIMBING;
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    // ------------------------------------------------------------------------------------------- writes

    /**
     * The write phases after the server warm-up: {@code roundCount} rounds of creates on one chain and
     * on ten, each HTTP phase with the SQL baseline's beside it when {@code sql} is given.
     */
    Writes writes(PrintStream progress, int roundCount, SqlPhase sql) throws Exception {
        String one = server.apply(Server.exampleManifest("bench-rec-" + prefix, true));
        List<String> ten = new ArrayList<>();
        for (int i = 0; i < TYPES; i++) {
            ten.add(server.apply(Server.exampleManifest("bench-rec-" + prefix + "-t" + i, true)));
        }
        sanity(progress, () -> server.send(create(one, 0, 0), 201));

        List<LoadRun.Result> serverWarmup = new ArrayList<>();
        if (!config.serverWarmup().isZero()) {
            // The JIT needs minutes, not seconds: a new server's first measured phases ran at a third of
            // their later rate after 5 s, and at half of it after 90 s (docs/benchmarks.md, sessions 1
            // and 17). The warm-up goes on in windows while the rate still climbs.
            progress.println("... records: server warm-up, at least " + config.serverWarmup().toSeconds() + " s and at"
                    + " most " + config.serverWarmupMax().toSeconds() + " s, in windows of "
                    + WARMUP_WINDOW.toSeconds() + " s while the rate climbs (creates in " + TYPES
                    + " record types, 1 in 5 requests a list of 100)");
            AtomicLong at = new AtomicLong();
            Duration spent = Duration.ZERO;
            while (spent.compareTo(config.serverWarmupMax()) < 0
                    && (spent.compareTo(config.serverWarmup()) < 0 || stillClimbing(serverWarmup))) {
                Duration window = min(WARMUP_WINDOW, config.serverWarmupMax().minus(spent));
                LoadRun.Result w = LoadRun.run("server warm-up", config.transport(server), config.clients(), window, 0,
                        null, (c, r) -> {
                            String type = ten.get((int) (at.getAndIncrement() % TYPES));
                            return r.nextInt(5) == 0 ? server.request(server.records(type, "?limit=100")).GET().build()
                                    : create(type, c, r.nextLong()).build();
                        });
                serverWarmup.add(w);
                spent = spent.plus(window);
                progress.println(String.format(Locale.ROOT, "    %d s: %s req/s, %d errors", spent.toSeconds(),
                        LoadRun.rate(w.perSecond()), w.errors()));
            }
        }

        List<Round> rounds = new ArrayList<>();
        AtomicLong next = new AtomicLong();
        for (int n = 1; n <= roundCount; n++) {
            boolean sqlFirst = sql != null && n % 2 == 0;
            String round = roundCount > 1 ? " (round " + n + " of " + roundCount + ")" : "";
            Side oneChain = phase(progress, round, "creating in " + one, "create 1 chain", sql, 0, n, sqlFirst,
                    (c, r) -> create(one, c, r.nextLong()).build());
            Side tenChains = phase(progress, round, "creating round-robin in " + TYPES + " record types",
                    "create 10 chains", sql, 1, n, sqlFirst,
                    (c, r) -> create(ten.get((int) (next.getAndIncrement() % TYPES)), c, r.nextLong()).build());
            rounds.add(new Round(n, sqlFirst, oneChain.http(), oneChain.sql(), tenChains.http(), tenChains.sql()));
        }
        return new Writes(one, ten, serverWarmup, rounds);
    }

    /** One HTTP write phase and, in a round of {@code --rounds}, the pgbench script beside it. */
    private record Side(LoadRun.Result http, PgbenchComparison.Outcome sql) {
    }

    /**
     * A short unmeasured warm-up and one measured phase of {@code requests}; with {@code sql}, pgbench
     * script {@code script} runs just before it ({@code sqlFirst}) or just after it.
     */
    private Side phase(PrintStream progress, String round, String what, String name, SqlPhase sql, int script, int n,
                       boolean sqlFirst, LoadRun.Requests requests) throws Exception {
        PgbenchComparison.Outcome beside = sqlFirst ? sql.run(script, n) : null;
        progress.println("... records" + round + ": " + config.warmup().toSeconds() + " s warm-up + "
                + config.duration().toSeconds() + " s of " + config.clients() + " clients " + what);
        progress.println("    " + Postgres.vacuumAuditQueue(config.pg()));
        LoadRun.run("warm-up", config.transport(server), config.clients(), config.warmup(), 201, null, requests);
        LoadRun.Result http = LoadRun.run(name + round, config.transport(server), config.clients(), config.duration(),
                201, config.pg(), requests);
        progress.println(String.format(Locale.ROOT, "    %s creates/s, %d errors", LoadRun.rate(http.perSecond()),
                http.errors()));
        if (sql != null && !sqlFirst) {
            beside = sql.run(script, n);
        }
        return new Side(http, beside);
    }

    /**
     * A setup request that must succeed: up to three attempts, each refusal printed (the first CEL
     * evaluation after a server start can exceed the rule's 10 ms while cel-java is cold and answer
     * 400 CEL_TIMEOUT; that is worth seeing, not worth aborting for); the third refusal stops the run.
     */
    static void sanity(PrintStream progress, Setup request) throws Exception {
        for (int attempt = 1; ; attempt++) {
            try {
                request.run();
                return;
            } catch (IllegalStateException e) {
                if (attempt == 3) {
                    throw e;
                }
                progress.println("    setup request refused (attempt " + attempt + " of 3): " + e.getMessage());
            }
        }
    }

    @FunctionalInterface
    interface Setup {
        void run() throws Exception;
    }

    /** A record that passes the example rule (amount > 0, currency USD or EUR). */
    private HttpRequest.Builder create(String path, int client, long n) {
        long u = n & Long.MAX_VALUE;
        String body = String.format(Locale.ROOT,
                "{\"po_number\":\"PO-%d-%d\",\"amount\":%d.%02d,\"currency\":\"%s\","
                        + "\"credit_card\":\"4111111111111111\"}",
                client, u % 1_000_000_000L, 1 + u % 99_999, u % 100, (u & 1) == 0 ? "USD" : "EUR");
        return server.request(server.records(path, ""))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    }

    // -------------------------------------------------------------------------------------------- reads

    /** The fixed id of filled row g (1-based): version-4 layout, the row number in the last 48 bits. */
    static UUID rowId(long g) {
        return UUID.fromString(String.format(Locale.ROOT, "00000000-0000-4000-8000-%012x", g));
    }

    /** Filled rows are 10 ms apart from this instant, in row order. */
    static final Instant FILL_BASE = Instant.parse("2026-01-01T00:00:00Z");

    Reads reads(boolean audited, PrintStream progress) throws Exception {
        String name = (audited ? "bench-rows-" : "bench-rowsu-") + prefix;
        String path = server.apply(Server.exampleManifest(name, audited));
        long rows = config.rows();
        double fillSeconds;
        String table;
        try (Connection c = config.pg().connect()) {
            Postgres.requireSuperuser(c, config.pg());
            Postgres.TableNames t = Postgres.names(c, path);
            table = t.qualifiedTable();
            progress.println("... records: filling " + t.qualifiedTable() + " with " + Table.count(rows)
                    + " rows by SQL");
            long start = System.nanoTime();
            c.setAutoCommit(true);
            long chunk = 100_000;
            String sql = "INSERT INTO " + t.qualifiedTable() + " (id, version, created_at, updated_at, created_by,"
                    + " updated_by, po_number, amount, currency, notes, credit_card)"
                    + " SELECT ('00000000-0000-4000-8000-' || lpad(to_hex(g), 12, '0'))::uuid, 1,"
                    + " ?::timestamptz + g * interval '10 milliseconds',"
                    + " ?::timestamptz + g * interval '10 milliseconds',"
                    + " 'bench-fill', 'bench-fill', 'PO-' || g, round((g % 100000) / 100.0 + 0.01, 2),"
                    + " CASE WHEN g % 2 = 0 THEN 'USD' ELSE 'EUR' END,"
                    + " CASE WHEN g % 10 = 0 THEN repeat('n', 200) END, '4111111111111111'"
                    + " FROM generate_series(?::bigint, ?::bigint) AS g";
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (long from = 1; from <= rows; from += chunk) {
                    long to = Math.min(rows, from + chunk - 1);
                    ps.setString(1, FILL_BASE.toString());
                    ps.setString(2, FILL_BASE.toString());
                    ps.setLong(3, from);
                    ps.setLong(4, to);
                    ps.executeUpdate();
                    if (to % 500_000 == 0 || to == rows) {
                        progress.println(String.format(Locale.ROOT, "    %s rows, %.1f s", Table.count(to),
                                (System.nanoTime() - start) / 1e9));
                    }
                }
            }
            double insertSeconds = (System.nanoTime() - start) / 1e9;
            try (Statement st = c.createStatement()) {
                st.execute("VACUUM (ANALYZE) " + t.qualifiedTable());
            }
            fillSeconds = (System.nanoTime() - start) / 1e9;
            progress.println(String.format(Locale.ROOT, "    inserted in %.1f s, VACUUM ANALYZE done at %.1f s",
                    insertSeconds, fillSeconds));
        }
        String note = "INSERT … SELECT generate_series in chunks of 100,000, then VACUUM (ANALYZE)";

        sanity(progress, () -> server.send(server.request(server.records(path, "/" + rowId(Math.max(1, rows / 2))))
                .GET(), 200));
        sanity(progress, () -> server.send(server.request(server.records(path, "?limit=100")).GET(), 200));
        sanity(progress, () -> server.send(server.request(server.records(path, "?limit=100&cursor="
                + cursorAt(Math.max(1, rows / 2)))).GET(), 200));

        String tag = audited ? "audited" : "unaudited";
        progress.println("... records: " + config.clients() + " clients, GET by id, list first page, list at a random"
                + " position, " + config.warmup().toSeconds() + " s warm-up + " + config.duration().toSeconds()
                + " s each (" + tag + " reads)");
        SqlReads.Context sql = audited ? null : SqlReads.Context.of(config.pg(), server.key, path, table, rows);
        LoadRun.run("warm-up", config.transport(server), config.clients(), config.warmup(), 200, null,
                (c, r) -> get(path, r).build());
        LoadRun.Result get = LoadRun.run("GET by id, " + tag, config.transport(server), config.clients(),
                config.duration(), 200, config.pg(), (c, r) -> get(path, r).build());
        Beside getSql = beside("GET by id", SqlReads.Read.GET, sql);
        LoadRun.Requests firstPage = (c, r) -> server.request(server.records(path, "?limit=100")).GET().build();
        LoadRun.run("warm-up", config.transport(server), config.clients(), config.warmup(), 200, null, firstPage);
        LoadRun.Result first = LoadRun.run("list first page, " + tag, config.transport(server), config.clients(),
                config.duration(), 200, config.pg(), firstPage);
        Beside firstSql = beside("list first page", SqlReads.Read.LIST_FIRST, sql);
        LoadRun.Requests randomPage = (c, r) -> server.request(server.records(path, "?limit=100&cursor="
                + cursorAt(SqlReads.pick(SqlReads.Read.LIST_AT, rows, r)))).GET().build();
        LoadRun.run("warm-up", config.transport(server), config.clients(), config.warmup(), 200, null, randomPage);
        LoadRun.Result at = LoadRun.run("list random position, " + tag, config.transport(server), config.clients(),
                config.duration(), 200, config.pg(), randomPage);
        Beside atSql = beside("list random position", SqlReads.Read.LIST_AT, sql);
        progress.println("    GET p99 " + p99(get) + " ms, list p99 " + p99(first) + " / " + p99(at) + " ms"
                + (getSql == null ? "" : "; the server's statements in SQL: " + p99(getSql.server()) + " / "
                + p99(firstSql.server()) + " / " + p99(atSql.server()) + " ms"));
        return new Reads(path, audited, rows, fillSeconds, note, get, first, at, getSql, firstSql, atSql);
    }

    /**
     * The SQL baselines of one read phase, each after a warm-up of its own, on connections opened
     * before it; null without a {@code context} (the audited reads).
     */
    private Beside beside(String what, SqlReads.Read read, SqlReads.Context context) throws Exception {
        if (context == null) {
            return null;
        }
        LoadRun.Result server;
        try (SqlReads sql = SqlReads.open(config.pg(), config.clients(), "SET ROLE velocity_api")) {
            LoadRun.run("warm-up", config.clients(), config.warmup(), null, sql.server(read, context));
            server = LoadRun.run("SQL, the server's statements: " + what, config.clients(), config.duration(),
                    config.pg(), sql.server(read, context));
        }
        LoadRun.Result bare;
        try (SqlReads sql = SqlReads.open(config.pg(), config.clients(), null)) {
            LoadRun.run("warm-up", config.clients(), config.warmup(), null, sql.bare(read, context));
            bare = LoadRun.run("SQL, bare query: " + what, config.clients(), config.duration(), config.pg(),
                    sql.bare(read, context));
        }
        return new Beside(server, bare);
    }

    /**
     * The floors: the cheapest request of the server, then the cheapest authenticated API call, each
     * with the read phases' clients, warm-up and duration.
     */
    List<LoadRun.Result> floors(PrintStream progress) throws Exception {
        URI jwks = server.url.resolve(AuthLatencyBenchmark.JWKS);
        URI api = server.url.resolve(AuthLatencyBenchmark.API);
        sanity(progress, () -> server.send(HttpRequest.newBuilder(jwks).GET(), 200));
        sanity(progress, () -> server.send(server.request(api).method("OPTIONS", HttpRequest.BodyPublishers.noBody()),
                200));
        progress.println("... records: " + config.clients() + " clients, floors (jwks.json without a credential,"
                + " OPTIONS with the API key), " + config.warmup().toSeconds() + " s warm-up + "
                + config.duration().toSeconds() + " s each");
        List<LoadRun.Result> floors = new ArrayList<>();
        LoadRun.Requests open = (c, r) -> HttpRequest.newBuilder(jwks).GET().build();
        LoadRun.Requests authenticated = (c, r) -> server.request(api)
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).build();
        for (var floor : List.of(Map.entry("floor: GET jwks.json, no credential", open),
                Map.entry("floor: OPTIONS /api/v1/schemas, API key", authenticated))) {
            LoadRun.run("warm-up", config.transport(server), config.clients(), config.warmup(), 200, null,
                    floor.getValue());
            floors.add(LoadRun.run(floor.getKey(), config.transport(server), config.clients(), config.duration(), 200,
                    config.pg(), floor.getValue()));
        }
        try (SqlReads sql = SqlReads.open(config.pg(), config.clients(), null)) {
            LoadRun.run("warm-up", config.clients(), config.warmup(), null, sql.selectOne());
            floors.add(LoadRun.run("floor: SELECT 1 over JDBC, no HTTP", config.clients(), config.duration(),
                    config.pg(), sql.selectOne()));
        }
        progress.println("    floor p99 " + p99(floors.get(0)) + " / " + p99(floors.get(1)) + " ms; SELECT 1 "
                + p99(floors.get(2)) + " ms");
        return floors;
    }

    /** A phase's p99 in ms for a progress line; "-" when no request succeeded. */
    private static String p99(LoadRun.Result r) {
        return r.latency() == null ? "-" : Table.millis(r.latency().nanos(99));
    }

    private HttpRequest.Builder get(String path, SplittableRandom random) {
        return server.request(server.records(path, "/" + rowId(SqlReads.pick(SqlReads.Read.GET, config.rows(), random))))
                .GET();
    }

    /**
     * The cursor the server would hand out after row g in the default sort (createdAt): the same
     * encoding as {@code sh.velocity.records.domain.PageCursor#encode} — base64url, no padding, of
     * {@code {"s":"createdAt","v":"<created_at>","i":"<id>"}}. If that format changes, the list
     * phase reports 400s and this method must follow.
     */
    static String cursorAt(long g) {
        OffsetDateTime at = OffsetDateTime.ofInstant(FILL_BASE.plusMillis(g * 10), ZoneOffset.UTC);
        String json = "{\"s\":\"createdAt\",\"v\":\"" + at + "\",\"i\":\"" + rowId(g) + "\"}";
        String cursor = Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
        return URLEncoder.encode(cursor, StandardCharsets.UTF_8);
    }

    // ---------------------------------------------------------------------------------------------- run

    /**
     * Writes ({@code rounds} rounds, with {@code sql} beside each HTTP phase when given), then (with a
     * database and rows &gt; 0) the reads; {@code between} runs in the middle (pgbench).
     */
    static Result run(Config config, Server server, PrintStream progress, int rounds, SqlPhase sql, Between between)
            throws Exception {
        RecordsBenchmark bench = new RecordsBenchmark(config, server);
        Writes writes = bench.writes(progress, rounds, sql);
        between.run(writes);
        List<LoadRun.Result> floors = new ArrayList<>();
        List<Reads> reads = new ArrayList<>();
        String skipped = null;
        String settings = null;
        if (config.pg() == null) {
            skipped = "no PostgreSQL to fill a table in. " + Postgres.unavailableHint();
        } else if (config.rows() <= 0) {
            skipped = "--rows 0";
        } else {
            try (Connection c = config.pg().connect()) {
                settings = Postgres.settings(c);
            } catch (SQLException e) {
                throw new IllegalStateException("cannot connect to " + config.pg().display() + " (" + e.getMessage()
                        + "). " + Postgres.unavailableHint(), e);
            }
            try {
                floors.addAll(bench.floors(progress));
                reads.add(bench.reads(true, progress));
                reads.add(bench.reads(false, progress));
            } catch (Exception e) { // keep the write and pgbench figures; say why the reads stopped
                e.printStackTrace(progress);
                skipped = "stopped by " + e;
            }
        }
        if (settings == null && config.pg() != null) {
            try (Connection c = config.pg().connect()) {
                settings = Postgres.settings(c);
            } catch (SQLException e) {
                settings = "n/a (" + e.getMessage() + ")";
            }
        }
        return new Result(config, writes, floors, reads, skipped, settings);
    }

    /** Work to run between the write and the read phases, while the tables are the same size. */
    @FunctionalInterface
    interface Between {
        void run(Writes writes) throws Exception;
    }
}
