package sh.velocity.bench;

import java.io.PrintStream;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Issue 7 acceptance 5: how far behind the search engine runs under a sustained write load, and
 * how fast each search tier answers at a million rows.
 *
 * <ol>
 *   <li><b>CDC lag</b> — a fresh tier-3 copy of the example manifest ({@code bench-cdc-*}); creates
 *       over HTTP paced to a fixed schedule ({@code --search-rate}, 250/s; request i is due at
 *       start + i / rate, so a stalled server is followed by a burst, not by a lower rate) from
 *       {@code --clients} threads for {@code --duration} seconds, after {@code --server-warmup}
 *       seconds of paced creates (not measured) and a drained outbox. Then, as the superuser, once the relay has
 *       drained the outbox: {@code published_at - created_at} of every outbox row the measured
 *       phase wrote, with {@code percentile_cont}, and the relay's rows per transaction and per
 *       second. Both timestamps are PostgreSQL {@code now()}, the start of their transactions: the
 *       figure runs from the start of the create's transaction to the start of the relay
 *       transaction that claimed the row; the bulk request, the relay's commit and OpenSearch's
 *       refresh interval (1 s) come after it. A probe thread therefore also measures end to end:
 *       it creates a record with a unique word and polls tier 3 for it every 100 ms.</li>
 *   <li><b>Search at R rows</b> ({@code --search-rows}, 1,000,000) — two unmasked copies of the
 *       example (so searches are not audited), one {@code tier: 3}, one {@code tier: 2}, filled as
 *       the superuser with the same rows: notes of six words drawn from {@link #VOCABULARY} plus
 *       query words on fixed row numbers, so every query's matches are known exactly. The tier-3
 *       copy also gets one outbox row per record, as {@code RecordTransactions.create} writes it,
 *       in one transaction; the server's relay indexes them and the time until the outbox is
 *       drained is reported. Then {@code --server-warmup} seconds of mixed searches (not measured),
 *       and each query kind on each tier: {@code --clients} clients, closed loop,
 *       {@code --duration} seconds after {@code --records-warmup}; a response from the other tier
 *       (header {@code X-Velocity-Search-Tier}) is an error.</li>
 * </ol>
 *
 * Nothing is removed afterwards (there is no schema delete): a full run leaves two million rows,
 * a million outbox rows, a million documents and the CDC records behind. Development databases only.
 */
final class SearchBenchmark {

    static final int LIMIT = 20;
    static final String TIER_HEADER = "X-Velocity-Search-Tier";
    static final int FILLER_WORDS = 6;
    static final long CHUNK = 100_000;
    static final Duration PROBE_POLL = Duration.ofMillis(100);
    static final Duration PROBE_TIMEOUT = Duration.ofSeconds(30);
    private static final Pattern ITEM = Pattern.compile("\"createdAt\"\\s*:");
    private static final Pattern TIER_LINE = Pattern.compile("(?m)^([ \\t]*tier:[ \\t]*)3[ \\t]*$");

    /**
     * Filler words of the filled notes, lowercase letters only so that both tiers' analyzers keep
     * each as one term; none is a query word, so filler never changes a query's matches.
     */
    static final String[] VOCABULARY = {
        "amber", "anchor", "apron", "arrow", "autumn", "badge", "bamboo", "banner", "barrel", "basket",
        "beacon", "blanket", "bolt", "bottle", "bracket", "breeze", "bridge", "bucket", "cabin", "cable",
        "canvas", "carbon", "castle", "cedar", "chalk", "channel", "cinder", "circuit", "clover", "cobalt",
        "copper", "cotton", "cradle", "crystal", "dawn", "delta", "desert", "diesel", "dock", "dune",
        "ember", "engine", "fabric", "falcon", "fern", "ferry", "filter", "flint", "forest", "freight",
        "garnet", "gasket", "glacier", "granite", "gravel", "harbor", "hazel", "helmet", "hinge", "island",
        "ivory", "jasper", "kettle", "ladder", "lantern", "lemon", "linen", "lumber", "magnet", "maple",
        "marble", "meadow", "mirror", "nickel", "orbit", "paddle", "pebble", "pepper", "pigment", "pillar",
        "pine", "piston", "plaster", "quartz", "rail", "ribbon", "river", "saddle", "signal", "silver",
        "spindle", "spruce", "tablet", "timber", "tunnel", "valve", "velvet", "walnut", "willow", "zinc"};

    /**
     * What the clients search for. Each query word is on fixed row numbers g (1-based), so the
     * matches at R rows are exact: rare {@code g % 10000 = 7}, common {@code g % 10 = 3}, the second
     * word of the pair {@code (g / 10) % 10 = 4}, hence both words {@code g % 100 = 43}.
     */
    enum Query {
        RARE("zirconium", "rare word (1 row in 10,000)", 10_000, 7),
        COMMON("pallet", "common word (1 row in 10)", 10, 3),
        TWO_WORDS("pallet crate", "two words, both required (1 row in 100)", 100, 43);

        final String q;
        final String label;
        final long every;
        final long at;

        Query(String q, String label, long every, long at) {
            this.q = q;
            this.label = label;
            this.every = every;
            this.at = at;
        }

        /** Rows 1..rows that match. */
        long matches(long rows) {
            return rows < at ? 0 : (rows - at) / every + 1;
        }
    }

    /** Query words, with the SQL condition on g that puts each into a row's notes. */
    private static final String MARKERS = " || CASE WHEN g % 10 = 3 THEN ' pallet' ELSE '' END"
            + " || CASE WHEN (g / 10) % 10 = 4 THEN ' crate' ELSE '' END"
            + " || CASE WHEN g % 10000 = 7 THEN ' zirconium' ELSE '' END";

    record Config(Server server, Postgres.Target pg, int clients, Duration duration, Duration warmup,
                  Duration serverWarmup, int rate, long rows) {
    }

    /** The CDC phase: the paced creates, the outbox lag by SQL, the end-to-end probe, the backlog. */
    record Cdc(String path, LoadRun.Result creates, Pacer.Slip slip, LagStats lag, Probe.Result probe,
               Backlog.Result backlog, long warmupCreates, double drainAfterSeconds) {
    }

    /** published_at - created_at over the outbox rows of the measured phase, in seconds. */
    record LagStats(long rows, double p50, double p90, double p99, double max, double min, long relayTransactions,
                    double publishSpanSeconds, double createSpanSeconds) {
    }

    /** One search phase. */
    record Search(int tier, Query query, long matches, LoadRun.Result result) {
    }

    /** The filled tables and the indexing of the tier-3 one. */
    record Fill(String tier3Path, String tier2Path, long rows, double tier3Seconds, double tier2Seconds,
                double outboxSeconds, double drainedSeconds, double lastPublishedSeconds, long relayTransactions,
                String indexingCpu, String indexingShares, String loadBefore, String loadAfter) {
    }

    record Result(Config config, Cdc cdc, Fill fill, List<Search> searches, String searchSkipped,
                  String pgSettings) {

        String render() {
            StringBuilder out = new StringBuilder();
            out.append("Search and change data capture (").append(config.server().url)
                    .append("; issue 7 acceptance 5)\n");
            out.append("  database: ").append(pgSettings).append('\n');
            renderCdc(out);
            renderSearch(out);
            return out.toString();
        }

        private void renderCdc(StringBuilder out) {
            Cdc c = cdc;
            LoadRun.Result r = c.creates();
            out.append(String.format(Locale.ROOT, "%n  CDC lag under sustained creates: %s, tier 3; target %d records/s,"
                    + " %d clients, %d s after %d s of paced warm-up (%s creates) and a drained outbox%n", c.path(),
                    config.rate(), config.clients(), config.duration().toSeconds(), config.serverWarmup().toSeconds(),
                    Table.count(c.warmupCreates())));
            Table creates = new Table("creates (POST, 201)", "ok", "records/s", "p50", "p90", "p99", "max", "errors",
                    "Liberty CPU", "PG CPU", "OpenSearch CPU");
            if (r.latency() == null) {
                creates.row("paced creates", 0, "0.0", "-", "-", "-", "-", r.errorSummary(), "-", "-", "-");
            } else {
                creates.row("paced creates", Table.count(r.ok()), LoadRun.rate(r.perSecond()),
                        Table.millis(r.latency().nanos(50)), Table.millis(r.latency().nanos(90)),
                        Table.millis(r.latency().nanos(99)), Table.millis(r.latency().maxNanos()), r.errorSummary(),
                        r.use().millisPer("Liberty", r.ok()), r.use().millisPer("PostgreSQL", r.ok()),
                        r.use().millisPer("OpenSearch", r.ok()));
            }
            out.append(creates.render("    "));
            out.append(String.format(Locale.ROOT, "    achieved %s records/s against %d targeted; %s requests were sent"
                    + " more than 100 ms behind schedule (largest slip %.0f ms)%n", LoadRun.rate(r.perSecond()),
                    config.rate(), Table.count(c.slip().late()), c.slip().maxNanos() / 1e6));
            LagStats l = c.lag();
            Table lag = new Table("outbox rows of the phase", "rows", "p50", "p90", "p99", "max", "min");
            lag.row("lag published_at - created_at (s)", Table.count(l.rows()), f3(l.p50()), f3(l.p90()), f3(l.p99()),
                    f3(l.max()), f3(l.min()));
            out.append(lag.render("    "));
            out.append(String.format(Locale.ROOT, "    percentile_cont over the outbox rows, computed in PostgreSQL as"
                    + " the superuser after the outbox had drained (%.1f s after the last create)%n",
                    c.drainAfterSeconds()));
            out.append(String.format(Locale.ROOT, "    relay: %s rows in %s relay transactions (%.0f rows each on"
                    + " average), published over %.1f s while the creates spanned %.1f s: %s rows/s%n",
                    Table.count(l.rows()), Table.count(l.relayTransactions()),
                    l.relayTransactions() == 0 ? 0.0 : (double) l.rows() / l.relayTransactions(),
                    l.publishSpanSeconds(), l.createSpanSeconds(),
                    LoadRun.rate(l.publishSpanSeconds() <= 0 ? 0 : l.rows() / l.publishSpanSeconds())));
            Backlog.Result b = c.backlog();
            out.append(String.format(Locale.ROOT, "    backlog (unpublished rows, sampled every 500 ms during the"
                    + " phase): mean %.0f, max %s; oldest unpublished row at most %.1f s old%n", b.meanRows(),
                    Table.count(b.maxRows()), b.maxAgeSeconds()));
            Probe.Result p = c.probe();
            if (p.latency() == null) {
                out.append("    end-to-end probe: no sample (" + p.summary() + ")\n");
            } else {
                out.append(String.format(Locale.ROOT, "    end-to-end probe (create answered 201 -> first tier-3 search"
                        + " that returns it, polled every %d ms): n %d, p50 %.2f s, p90 %.2f s, max %.2f s; %s%n",
                        PROBE_POLL.toMillis(), p.latency().count(), p.latency().nanos(50) / 1e9,
                        p.latency().nanos(90) / 1e9, p.latency().maxNanos() / 1e9, p.summary()));
            }
            out.append("    what the lag covers: both columns are PostgreSQL now(), the start of a transaction, so\n"
                    + "    it runs from the start of the create's transaction to the start of the relay transaction\n"
                    + "    that claimed the row (the relay passes every 2 s). The bulk request and the relay's commit\n"
                    + "    come after it, and OpenSearch's refresh interval (1 s, the index default) adds up to 1 s\n"
                    + "    more before a search can see the document; the probe line includes all of that.\n");
            out.append("    ").append(r.name()).append(": loadavg before/after ").append(r.loadBefore()).append(" / ")
                    .append(r.loadAfter()).append("; ").append(r.cpu()).append('\n');
            out.append("      ").append(r.use().shares()).append('\n');
            if (r.database() != null) {
                out.append("      ").append(r.database()).append('\n');
            }
            for (String s : r.errorSamples()) {
                out.append("      error sample: ").append(s.replace('\n', ' ')).append('\n');
            }
        }

        private void renderSearch(StringBuilder out) {
            if (fill == null) {
                out.append("\n  search at N rows skipped: ").append(searchSkipped).append('\n');
                return;
            }
            Fill f = fill;
            out.append(String.format(Locale.ROOT, "%n  Search at %s rows (GET .../search?q=...&limit=%d, %d concurrent"
                    + " clients, closed loop, %d s per phase after %d s warm-up; first %d s of mixed searches)%n",
                    Table.count(f.rows()), LIMIT, config.clients(), config.duration().toSeconds(),
                    config.warmup().toSeconds(), config.serverWarmup().toSeconds()));
            Table table = new Table("tier", "query", "matches", "ok", "req/s", "p50", "p90", "p99", "max", "errors",
                    "Liberty CPU", "PG CPU", "OpenSearch CPU");
            for (Search s : searches) {
                LoadRun.Result r = s.result();
                String q = s.query().name().toLowerCase(Locale.ROOT).replace('_', '-') + " \"" + s.query().q + "\"";
                if (r.latency() == null) {
                    table.row(s.tier(), q, Table.count(s.matches()), 0, "0.0", "-", "-", "-", "-", r.errorSummary(),
                            "-", "-", "-");
                    continue;
                }
                table.row(s.tier(), q, Table.count(s.matches()), Table.count(r.ok()), LoadRun.rate(r.perSecond()),
                        Table.millis(r.latency().nanos(50)), Table.millis(r.latency().nanos(90)),
                        Table.millis(r.latency().nanos(99)), Table.millis(r.latency().maxNanos()), r.errorSummary(),
                        r.use().millisPer("Liberty", r.ok()), r.use().millisPer("PostgreSQL", r.ok()),
                        r.use().millisPer("OpenSearch", r.ok()));
            }
            out.append(table.render("    "));
            out.append("    latencies in ms, nearest-rank; CPU = ms of CPU time per successful request; a response from"
                    + " the other tier is an error\n");
            out.append("    tier 3: ").append(f.tier3Path()).append("; tier 2: ").append(f.tier2Path()).append('\n');
            out.append(String.format(Locale.ROOT, "    filled by SQL: tier-3 table %.1f s, tier-2 table %.1f s"
                    + " (INSERT ... SELECT generate_series in chunks of %s, then VACUUM (ANALYZE)); %s outbox rows"
                    + " in one transaction %.1f s%n", f.tier3Seconds(), f.tier2Seconds(), Table.count(CHUNK),
                    Table.count(f.rows()), f.outboxSeconds()));
            out.append(String.format(Locale.ROOT, "    indexing by the server's relay: outbox committed -> last row"
                    + " marked published %.1f s, -> seen drained %.1f s (polled every second): %s documents/s;"
                    + " %s relay transactions%n", f.lastPublishedSeconds(), f.drainedSeconds(),
                    LoadRun.rate(f.rows() / f.drainedSeconds()), Table.count(f.relayTransactions())));
            out.append("      indexing: loadavg before/after ").append(f.loadBefore()).append(" / ").append(f.loadAfter())
                    .append("; ").append(f.indexingCpu()).append('\n');
            out.append("      ").append(f.indexingShares()).append('\n');
            for (Search s : searches) {
                LoadRun.Result r = s.result();
                out.append("    ").append(r.name()).append(": loadavg before/after ").append(r.loadBefore())
                        .append(" / ").append(r.loadAfter()).append("; ").append(r.cpu()).append('\n');
                out.append("      ").append(r.use().shares()).append('\n');
                if (r.database() != null) {
                    out.append("      ").append(r.database()).append('\n');
                }
                for (String e : r.errorSamples()) {
                    out.append("      error sample: ").append(e.replace('\n', ' ')).append('\n');
                }
            }
        }
    }

    private final Config config;
    private final Server server;
    private final String prefix = ApplyBenchmark.random8();

    SearchBenchmark(Config config) {
        this.config = config;
        this.server = config.server();
    }

    static Result run(Config config, PrintStream progress) throws Exception {
        String settings;
        try (Connection c = config.pg().connect()) {
            Postgres.requireSuperuser(c, config.pg());
            settings = Postgres.settings(c);
        }
        Postgres.watch(config.pg());
        SearchBenchmark bench = new SearchBenchmark(config);
        Cdc cdc = bench.cdc(progress);
        if (config.rows() <= 0) {
            return new Result(config, cdc, null, List.of(), "--search-rows 0", settings);
        }
        Fill fill = bench.fill(progress);
        List<Search> searches = bench.searches(fill, progress);
        return new Result(config, cdc, fill, searches, null, settings);
    }

    // ---------------------------------------------------------------------------------------------- CDC

    Cdc cdc(PrintStream progress) throws Exception {
        String path = server.apply(tier(Server.exampleManifest("bench-cdc-" + prefix, true), 3));
        Postgres.TableNames t;
        try (Connection c = config.pg().connect()) {
            t = Postgres.names(c, path);
        }
        progress.println("... search: record type " + path + " (tier 3) created; checking that its outbox drains");
        AtomicLong sequence = new AtomicLong();
        RecordsBenchmark.sanity(progress, () -> server.send(create(path, sequence.incrementAndGet(), null), 201));
        if (!awaitDrained(t, Duration.ofSeconds(60), progress)) {
            throw new IllegalStateException("The outbox of " + path + " was not drained within 60 s of a create: the"
                    + " server's relay is not feeding a search engine. The run command starts OpenSearch (see its"
                    + " '[velocity] OpenSearch starting on ...' line); a server started otherwise needs"
                    + " velocity.search.url (docs/operations.md section 14).");
        }

        long warmupCreates = 0;
        if (!config.serverWarmup().isZero()) {
            progress.println("... search: " + config.serverWarmup().toSeconds() + " s of paced warm-up creates at "
                    + config.rate() + "/s");
            Pacer pacer = new Pacer(config.rate(), config.serverWarmup());
            LoadRun.Result w = LoadRun.run("CDC warm-up", server.client, config.clients(), config.serverWarmup(), 201,
                    (client, random) -> pacer.await() ? create(path, sequence.incrementAndGet(), random).build()
                            : null);
            warmupCreates = w.ok();
            progress.println(String.format(Locale.ROOT, "    %s creates/s, %d errors", LoadRun.rate(w.perSecond()),
                    w.errors()));
            if (!awaitDrained(t, Duration.ofSeconds(120), progress)) {
                throw new IllegalStateException("The outbox of " + path + " did not drain within 120 s of the"
                        + " warm-up: the relay does not keep up with " + config.rate() + " records/s here.");
            }
        }

        long fromId = maxOutboxId(t);
        progress.println("... search: " + config.duration().toSeconds() + " s of creates paced at " + config.rate()
                + "/s from " + config.clients() + " clients, with an end-to-end probe");
        Pacer pacer = new Pacer(config.rate(), config.duration());
        Backlog backlog = Backlog.start(config.pg(), t);
        Probe probe = Probe.start(server, path, this);
        LoadRun.Result creates = LoadRun.run("CDC paced creates", server.client, config.clients(), config.duration(),
                201, config.pg(), (client, random) -> pacer.await()
                        ? create(path, sequence.incrementAndGet(), random).build() : null);
        long lastCreate = System.nanoTime();
        Probe.Result probed = probe.finish();
        Backlog.Result backlogged = backlog.finish();
        long toId = maxOutboxId(t);
        progress.println(String.format(Locale.ROOT, "    %s creates/s, %d errors; waiting for the relay",
                LoadRun.rate(creates.perSecond()), creates.errors()));
        if (!awaitDrained(t, Duration.ofSeconds(300), progress)) {
            throw new IllegalStateException("The outbox of " + path + " did not drain within 300 s of the load.");
        }
        double drainedAfter = (System.nanoTime() - lastCreate) / 1e9;
        LagStats lag = lagStats(t, fromId, toId);
        progress.println(String.format(Locale.ROOT, "    lag p50 %.3f s, p99 %.3f s over %s rows; probe: %s",
                lag.p50(), lag.p99(), Table.count(lag.rows()), probed.summary()));
        return new Cdc(path, creates, pacer.slip(), lag, probed, backlogged, warmupCreates, drainedAfter);
    }

    /** A record that passes the example rule; its notes a few vocabulary words, or {@code word} when given. */
    HttpRequest.Builder create(String path, long n, SplittableRandom random, String word) {
        String notes = word;
        if (notes == null) {
            SplittableRandom r = random == null ? new SplittableRandom(n) : random;
            StringBuilder s = new StringBuilder();
            for (int i = 0; i < FILLER_WORDS; i++) {
                s.append(i == 0 ? "" : " ").append(VOCABULARY[r.nextInt(VOCABULARY.length)]);
            }
            notes = s.toString();
        }
        String body = String.format(Locale.ROOT, "{\"po_number\":\"PO-CDC-%d\",\"amount\":%d.%02d,\"currency\":\"%s\","
                + "\"notes\":\"%s\",\"credit_card\":\"4111111111111111\"}", n, 1 + n % 99_999, n % 100,
                (n & 1) == 0 ? "USD" : "EUR", notes);
        return server.request(server.records(path, ""))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    }

    private HttpRequest.Builder create(String path, long n, SplittableRandom random) {
        return create(path, n, random, null);
    }

    /** Waits until the outbox has no unpublished row; false after {@code limit}. Progress every 30 s. */
    boolean awaitDrained(Postgres.TableNames t, Duration limit, PrintStream progress) throws Exception {
        long start = System.nanoTime();
        long deadline = start + limit.toNanos();
        long nextReport = start + Duration.ofSeconds(30).toNanos();
        try (Connection c = config.pg().connect(); PreparedStatement ps = c.prepareStatement(
                "SELECT count(*) FROM " + t.qualifiedOutbox() + " WHERE published_at IS NULL")) {
            while (true) {
                long left;
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    left = rs.getLong(1);
                }
                if (left == 0) {
                    return true;
                }
                long now = System.nanoTime();
                if (now >= deadline) {
                    return false;
                }
                if (now >= nextReport) {
                    progress.println(String.format(Locale.ROOT, "    %s outbox rows still unpublished after %.0f s",
                            Table.count(left), (now - start) / 1e9));
                    nextReport = now + Duration.ofSeconds(30).toNanos();
                }
                Thread.sleep(1000);
            }
        }
    }

    private long maxOutboxId(Postgres.TableNames t) throws SQLException {
        try (Connection c = config.pg().connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT coalesce(max(id), 0) FROM " + t.qualifiedOutbox())) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private LagStats lagStats(Postgres.TableNames t, long fromId, long toId) throws SQLException {
        String sql = "SELECT count(*), percentile_cont(0.5) WITHIN GROUP (ORDER BY lag),"
                + " percentile_cont(0.9) WITHIN GROUP (ORDER BY lag), percentile_cont(0.99) WITHIN GROUP (ORDER BY lag),"
                + " max(lag), min(lag), count(DISTINCT published_at),"
                + " extract(epoch FROM max(published_at) - min(published_at)),"
                + " extract(epoch FROM max(created_at) - min(created_at))"
                + " FROM (SELECT extract(epoch FROM published_at - created_at)::float8 AS lag, published_at, created_at"
                + " FROM " + t.qualifiedOutbox() + " WHERE id > ? AND id <= ?) s";
        try (Connection c = config.pg().connect(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, fromId);
            ps.setLong(2, toId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new LagStats(rs.getLong(1), rs.getDouble(2), rs.getDouble(3), rs.getDouble(4), rs.getDouble(5),
                        rs.getDouble(6), rs.getLong(7), rs.getDouble(8), rs.getDouble(9));
            }
        }
    }

    // ------------------------------------------------------------------------------------- fill + index

    Fill fill(PrintStream progress) throws Exception {
        long rows = config.rows();
        String path3 = server.apply(tier(Server.exampleManifest("bench-srch3-" + prefix, false), 3));
        String path2 = server.apply(tier(Server.exampleManifest("bench-srch2-" + prefix, false), 2));
        Postgres.TableNames t3;
        Postgres.TableNames t2;
        double seconds2;
        double seconds3;
        try (Connection c = config.pg().connect()) {
            t3 = Postgres.names(c, path3);
            t2 = Postgres.names(c, path2);
            // the tier-2 table first, so that nothing of this benchmark runs while the relay indexes
            seconds2 = fillTable(c, t2, rows, progress);
            seconds3 = fillTable(c, t3, rows, progress);
            for (Query q : Query.values()) {
                long expected = q.matches(rows);
                for (Postgres.TableNames t : List.of(t2, t3)) {
                    long found = sqlMatches(c, t, q.q);
                    if (found != expected) {
                        throw new IllegalStateException(t.qualifiedTable() + ": \"" + q.q + "\" matches " + found
                                + " rows by SQL, expected " + expected + "; the filled words are not what the"
                                + " benchmark assumes");
                    }
                }
            }
        }
        progress.println("... search: " + Table.count(rows) + " outbox rows for " + path3
                + " in one transaction; the server's relay indexes them");
        double outboxSeconds;
        long fromId;
        long toId;
        String loadBefore;
        Machine.CpuSample cpu;
        Machine.ProcessCpu processes;
        long committed;
        String committedAt;
        try (Connection c = config.pg().connect()) {
            fromId = maxOutboxId(t3);
            long start = System.nanoTime();
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                st.executeUpdate("INSERT INTO " + t3.qualifiedOutbox() + " (aggregate_id, aggregate_version, event_type,"
                        + " payload) SELECT id, version, 'created', jsonb_build_object('id', id::text, 'version', version,"
                        + " 'createdAt', " + javaInstant("created_at") + ", 'updatedAt', " + javaInstant("updated_at")
                        + ", 'po_number', po_number, 'amount', amount, 'currency', currency, 'notes', notes,"
                        + " 'credit_card', credit_card) FROM " + t3.qualifiedTable() + " ORDER BY created_at, id");
                st.execute("ANALYZE " + t3.qualifiedOutbox());
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
            committed = System.nanoTime();
            loadBefore = Machine.loadAverage();
            cpu = Machine.CpuSample.now();
            processes = Machine.ProcessCpu.now();
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT clock_timestamp()::text")) {
                rs.next();
                committedAt = rs.getString(1);
            }
            outboxSeconds = (committed - start) / 1e9;
            toId = maxOutboxId(t3);
            progress.println(String.format(Locale.ROOT, "    outbox rows committed in %.1f s", outboxSeconds));
        }
        Duration limit = Duration.ofSeconds(600 + rows / 250);
        if (!awaitDrained(t3, limit, progress)) {
            throw new IllegalStateException("The relay did not index " + Table.count(rows) + " rows within "
                    + limit.toSeconds() + " s.");
        }
        double drained = (System.nanoTime() - committed) / 1e9;
        String indexingCpu = Machine.CpuSample.now().since(cpu);
        String shares = Machine.ProcessCpu.now().since(processes).shares();
        String loadAfter = Machine.loadAverage();
        double lastPublished;
        long transactions;
        try (Connection c = config.pg().connect(); PreparedStatement ps = c.prepareStatement(
                "SELECT extract(epoch FROM max(published_at) - ?::timestamptz)::float8, count(DISTINCT published_at),"
                        + " count(*) FROM " + t3.qualifiedOutbox() + " WHERE id > ? AND id <= ?")) {
            ps.setString(1, committedAt);
            ps.setLong(2, fromId);
            ps.setLong(3, toId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                lastPublished = rs.getDouble(1);
                transactions = rs.getLong(2);
                if (rs.getLong(3) != rows) {
                    throw new IllegalStateException("expected " + rows + " new outbox rows, found " + rs.getLong(3));
                }
            }
        }
        progress.println(String.format(Locale.ROOT, "    drained %.1f s after the commit (%s documents/s)", drained,
                LoadRun.rate(rows / drained)));
        return new Fill(path3, path2, rows, seconds3, seconds2, outboxSeconds, drained, lastPublished, transactions,
                indexingCpu, shares, loadBefore, loadAfter);
    }

    /**
     * The table's rows 1..rows as {@code JdbcRecordStore.insert} would store them (system columns
     * included; {@code search_vector} is generated), in autocommitted chunks, then VACUUM (ANALYZE).
     * Seconds taken.
     */
    private double fillTable(Connection c, Postgres.TableNames t, long rows, PrintStream progress) throws SQLException {
        progress.println("... search: filling " + t.qualifiedTable() + " with " + Table.count(rows) + " rows by SQL");
        long start = System.nanoTime();
        c.setAutoCommit(true);
        StringBuilder notes = new StringBuilder("array_to_string(ARRAY[");
        for (int k = 0; k < FILLER_WORDS; k++) {
            notes.append(k == 0 ? "" : ", ").append("v.w[1 + mod(hashint8(g * 8 + ").append(k)
                    .append(")::bigint + 2147483648, ").append(VOCABULARY.length).append(")::int]");
        }
        notes.append("], ' ')").append(MARKERS);
        String sql = "INSERT INTO " + t.qualifiedTable() + " (id, version, created_at, updated_at, created_by,"
                + " updated_by, po_number, amount, currency, notes, credit_card)"
                + " SELECT ('00000000-0000-4000-8000-' || lpad(to_hex(g), 12, '0'))::uuid, 1,"
                + " ?::timestamptz + g * interval '10 milliseconds', ?::timestamptz + g * interval '10 milliseconds',"
                + " 'bench-fill', 'bench-fill', 'PO-' || g, round((g % 100000 + 1) / 100.0, 2),"
                + " CASE WHEN g % 2 = 0 THEN 'USD' ELSE 'EUR' END, " + notes + ", NULL"
                + " FROM generate_series(?::bigint, ?::bigint) AS g, (SELECT ?::text[] AS w) AS v";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            Array words = c.createArrayOf("text", VOCABULARY);
            for (long from = 1; from <= rows; from += CHUNK) {
                long to = Math.min(rows, from + CHUNK - 1);
                ps.setString(1, RecordsBenchmark.FILL_BASE.toString());
                ps.setString(2, RecordsBenchmark.FILL_BASE.toString());
                ps.setLong(3, from);
                ps.setLong(4, to);
                ps.setArray(5, words);
                ps.executeUpdate();
                if (to % 500_000 == 0 || to == rows) {
                    progress.println(String.format(Locale.ROOT, "    %s rows, %.1f s", Table.count(to),
                            (System.nanoTime() - start) / 1e9));
                }
            }
        }
        try (Statement st = c.createStatement()) {
            st.execute("VACUUM (ANALYZE) " + t.qualifiedTable());
        }
        return (System.nanoTime() - start) / 1e9;
    }

    /** How many rows tier 2 matches for {@code q}, counted as the superuser. */
    private static long sqlMatches(Connection c, Postgres.TableNames t, String q) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM " + t.qualifiedTable()
                + " WHERE search_vector @@ websearch_to_tsquery('simple'::regconfig, ?)")) {
            ps.setString(1, q);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /**
     * SQL for a timestamptz column as {@code OffsetDateTime.toString()} prints it in UTC for the
     * millisecond values the fill writes (what {@code JdbcRecordStore} puts in the payload):
     * {@code 2026-01-01T00:00:00.010Z}, seconds left out when they and the fraction are zero.
     */
    static String javaInstant(String column) {
        String u = "(" + column + " AT TIME ZONE 'UTC')";
        return "to_char(" + u + ", 'YYYY-MM-DD\"T\"HH24:MI') || CASE"
                + " WHEN extract(microseconds FROM " + u + ") = 0 THEN ''"
                + " WHEN extract(microseconds FROM " + u + ")::bigint % 1000000 = 0 THEN to_char(" + u + ", ':SS')"
                + " ELSE to_char(" + u + ", ':SS.MS') END || 'Z'";
    }

    // ----------------------------------------------------------------------------------------- searches

    List<Search> searches(Fill fill, PrintStream progress) throws Exception {
        awaitTier3(fill.tier3Path(), progress);
        if (!config.serverWarmup().isZero()) {
            // the search paths of Liberty and OpenSearch are cold after the fill: without this the first
            // phase measured the JIT (twice the CPU per request of the later phases)
            progress.println("... search: " + config.serverWarmup().toSeconds() + " s of unmeasured searches, every"
                    + " query kind on both tiers");
            AtomicLong next = new AtomicLong();
            int kinds = Query.values().length * 2;
            LoadRun.Result w = LoadRun.run("search warm-up", server.client, config.clients(), config.serverWarmup(),
                    200, (c, r) -> {
                        int k = (int) (next.getAndIncrement() % kinds);
                        return search(k % 2 == 0 ? fill.tier3Path() : fill.tier2Path(), Query.values()[k / 2].q)
                                .build();
                    });
            progress.println(String.format(Locale.ROOT, "    %s req/s, %d errors", LoadRun.rate(w.perSecond()),
                    w.errors()));
        }
        List<Search> out = new ArrayList<>();
        for (Query q : Query.values()) {
            for (int tier : new int[] {3, 2}) {
                String path = tier == 3 ? fill.tier3Path() : fill.tier2Path();
                long matches = q.matches(fill.rows());
                check(path, q, tier, Math.min(LIMIT, matches));
                LoadRun.Requests requests = (c, r) -> search(path, q.q).build();
                LoadRun.Check tierCheck = response -> tierProblem(response.header(TIER_HEADER)
                        .orElse("none"), tier);
                String name = "search tier " + tier + ", " + q.label;
                progress.println("... search: " + name + ", " + config.warmup().toSeconds() + " s warm-up + "
                        + config.duration().toSeconds() + " s");
                LoadRun.run("warm-up", server.client, config.clients(), config.warmup(), 200, requests, tierCheck);
                LoadRun.Result result = LoadRun.run(name, server.client, config.clients(), config.duration(), 200,
                        config.pg(), requests, tierCheck);
                progress.println(String.format(Locale.ROOT, "    %s req/s, p50 %s ms, p99 %s ms, %d errors",
                        LoadRun.rate(result.perSecond()),
                        result.latency() == null ? "-" : Table.millis(result.latency().nanos(50)),
                        result.latency() == null ? "-" : Table.millis(result.latency().nanos(99)), result.errors()));
                out.add(new Search(tier, q, matches, result));
            }
        }
        return out;
    }

    HttpRequest.Builder search(String path, String q) {
        return server.request(server.records(path, "/search?q=" + URLEncoder.encode(q, StandardCharsets.UTF_8)
                + "&limit=" + LIMIT)).GET();
    }

    static String tierProblem(String header, int tier) {
        return header.equals(Integer.toString(tier)) ? null : "tier " + header + " answered";
    }

    /**
     * Tier 3 answers only once a relay pass has seen the drained outbox (it records the lag per
     * pass, every 2 s) and the engine has refreshed: up to 60 s of single searches until it does.
     */
    private void awaitTier3(String path, PrintStream progress) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        String seen = "none";
        while (System.nanoTime() < deadline) {
            HttpResponse<String> r = server.send(search(path, Query.RARE.q), 200);
            seen = r.headers().firstValue(TIER_HEADER).orElse("none");
            if (seen.equals("3")) {
                return;
            }
            Thread.sleep(1000);
        }
        throw new IllegalStateException("Searches on " + path + " were still answered by tier " + seen + " 60 s after"
                + " its outbox drained; the server log names the cause (\"answered from tier 2\").");
    }

    /** One search that must come from {@code tier} with {@code items} hits. */
    private void check(String path, Query q, int tier, long items) throws Exception {
        HttpResponse<String> r = server.send(search(path, q.q), 200);
        String header = r.headers().firstValue(TIER_HEADER).orElse("none");
        Matcher m = ITEM.matcher(r.body());
        long n = 0;
        while (m.find()) {
            n++;
        }
        if (!header.equals(Integer.toString(tier)) || n != items) {
            throw new IllegalStateException("search \"" + q.q + "\" on " + path + ": tier " + header + " answered "
                    + n + " items, expected tier " + tier + " and " + items + " items");
        }
    }

    /** The manifest with {@code spec.search.tier} set; fails unless it had exactly one {@code tier: 3} line. */
    static String tier(String manifest, int tier) {
        Matcher m = TIER_LINE.matcher(manifest);
        if (m.results().count() != 1) {
            throw new IllegalStateException("the example manifest no longer has the one 'tier: 3' line this"
                    + " benchmark relies on (spec.search.tier)");
        }
        return TIER_LINE.matcher(manifest).replaceFirst("$1" + tier);
    }

    private static String f3(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }

    // -------------------------------------------------------------------------------------- machinery

    /**
     * A fixed schedule shared by the clients: ticket i is due at start + i / rate (start = the first
     * call); a client waits for its ticket's time, or goes at once when it is already late. A ticket
     * due after start + duration ends the client. Lateness (the clients could not keep up) is counted.
     */
    static final class Pacer {
        record Slip(long late, long maxNanos) {
        }

        private static final long LATE_NANOS = 100_000_000L;
        private final double intervalNanos;
        private final long durationNanos;
        private final AtomicLong tickets = new AtomicLong();
        private final AtomicLong late = new AtomicLong();
        private final AtomicLong maxSlip = new AtomicLong();
        private volatile long start;
        private boolean started;

        Pacer(int perSecond, Duration duration) {
            this.intervalNanos = 1e9 / perSecond;
            this.durationNanos = duration.toNanos();
        }

        private synchronized long start() {
            if (!started) {
                start = System.nanoTime();
                started = true;
            }
            return start;
        }

        /** Waits for this caller's next ticket; false when the schedule is over. */
        boolean await() {
            long begin = start();
            long offset = Math.round(tickets.getAndIncrement() * intervalNanos);
            if (offset >= durationNanos) {
                return false;
            }
            long due = begin + offset;
            long now;
            while ((now = System.nanoTime()) < due) {
                LockSupport.parkNanos(due - now);
            }
            long slip = now - due;
            if (slip > LATE_NANOS) {
                late.incrementAndGet();
            }
            maxSlip.accumulateAndGet(slip, Math::max);
            return true;
        }

        Slip slip() {
            return new Slip(late.get(), maxSlip.get());
        }
    }

    /** Samples the outbox's unpublished rows and the age of the oldest every 500 ms, on its own connection. */
    static final class Backlog {
        record Result(double meanRows, long maxRows, double maxAgeSeconds, long samples) {
        }

        private final Thread thread;
        private volatile boolean running = true;
        private long samples;
        private long sum;
        private long max;
        private double maxAge;

        private Backlog(Postgres.Target pg, Postgres.TableNames t) {
            thread = new Thread(() -> sample(pg, t), "bench-outbox-backlog");
            thread.setDaemon(true);
            thread.start();
        }

        static Backlog start(Postgres.Target pg, Postgres.TableNames t) {
            return new Backlog(pg, t);
        }

        private void sample(Postgres.Target pg, Postgres.TableNames t) {
            try (Connection c = pg.connect(); PreparedStatement ps = c.prepareStatement("SELECT count(*),"
                    + " coalesce(extract(epoch FROM clock_timestamp() - min(created_at)), 0)::float8 FROM "
                    + t.qualifiedOutbox() + " WHERE published_at IS NULL")) {
                while (running) {
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        synchronized (this) {
                            samples++;
                            sum += rs.getLong(1);
                            max = Math.max(max, rs.getLong(1));
                            maxAge = Math.max(maxAge, rs.getDouble(2));
                        }
                    }
                    Thread.sleep(500);
                }
            } catch (SQLException | InterruptedException | RuntimeException e) {
                // reported with the samples taken so far
            }
        }

        Result finish() throws InterruptedException {
            running = false;
            thread.join(5000);
            synchronized (this) {
                return new Result(samples == 0 ? 0 : (double) sum / samples, max, maxAge, samples);
            }
        }
    }

    /**
     * End to end, while the paced load runs: create a record whose notes are one unique word, then
     * search for that word every 100 ms until tier 3 returns it; the time from the create's 201 to
     * that answer. A tier-2 answer does not count (it would find the row at once); a probe that has
     * not seen its record after 30 s counts as a timeout.
     */
    static final class Probe {
        record Result(Percentiles latency, long timeouts, long tier2Answers, long errors) {
            String summary() {
                return String.format(Locale.ROOT, "%d timed out (30 s), %d polls answered by tier 2, %d errors",
                        timeouts, tier2Answers, errors);
            }
        }

        private final Thread thread;
        private volatile boolean running = true;
        private final List<Long> nanos = new ArrayList<>();
        private long timeouts;
        private long tier2;
        private long errors;

        private Probe(Server server, String path, SearchBenchmark bench) {
            thread = new Thread(() -> loop(server, path, bench), "bench-cdc-probe");
            thread.setDaemon(true);
            thread.start();
        }

        static Probe start(Server server, String path, SearchBenchmark bench) {
            return new Probe(server, path, bench);
        }

        private void loop(Server server, String path, SearchBenchmark bench) {
            long n = 0;
            while (running) {
                String word = "probe" + letters(12);
                try {
                    HttpResponse<String> created = server.client.send(bench.create(path, 1_000_000_000L + n++, null,
                            word).build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                    if (created.statusCode() != 201) {
                        errors++;
                        Thread.sleep(500);
                        continue;
                    }
                    long t0 = System.nanoTime();
                    long deadline = t0 + PROBE_TIMEOUT.toNanos();
                    boolean found = false;
                    while (System.nanoTime() < deadline) {
                        Thread.sleep(PROBE_POLL.toMillis());
                        HttpResponse<String> r = server.client.send(bench.search(path, word).build(),
                                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                        if (r.statusCode() != 200) {
                            errors++;
                            continue;
                        }
                        if (!r.headers().firstValue(TIER_HEADER).orElse("").equals("3")) {
                            tier2++;
                            continue;
                        }
                        if (r.body().contains(word)) {
                            synchronized (this) {
                                nanos.add(System.nanoTime() - t0);
                            }
                            found = true;
                            break;
                        }
                    }
                    if (!found) {
                        timeouts++;
                    }
                    Thread.sleep(400);
                } catch (InterruptedException e) {
                    return;
                } catch (Exception e) {
                    errors++;
                }
            }
        }

        private static String letters(int n) {
            StringBuilder s = new StringBuilder(n);
            for (int i = 0; i < n; i++) {
                s.append((char) ('a' + ThreadLocalRandom.current().nextInt(26)));
            }
            return s.toString();
        }

        /** Lets the probe in flight finish (at most 30 s), then the samples. */
        Result finish() throws InterruptedException {
            running = false;
            thread.join(PROBE_TIMEOUT.toMillis() + 10_000);
            synchronized (this) {
                long[] a = nanos.stream().mapToLong(Long::longValue).toArray();
                return new Result(a.length == 0 ? null : new Percentiles(a, a.length), timeouts, tier2, errors);
            }
        }
    }
}
