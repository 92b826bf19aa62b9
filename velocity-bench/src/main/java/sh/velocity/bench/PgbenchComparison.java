package sh.velocity.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The SQL baseline of issue 4 (acceptance 7) and issue 6 (acceptance 6): the machine's
 * {@code pgbench}, as a superuser against the server's own PostgreSQL, N clients (default 16), the
 * same duration as the HTTP phases, four scripts of {@code src/main/resources/pgbench/}:
 *
 * <ol>
 *   <li>{@code records-one-chain.sql} — record row + outbox row + {@code platform.audit_insert} on
 *       ONE chain, in one transaction; audit_insert locks the chain head until COMMIT (the "naive"
 *       design the issues compare against, and the server's until audit V2);</li>
 *   <li>{@code records-ten-chains.sql} — the same over ten chains ({@code \set chain random(1,10)});</li>
 *   <li>{@code records-no-audit.sql} — record + outbox without the audit insert;</li>
 *   <li>{@code records-one-chain-linked.sql} — (a) with {@code platform.audit_append}, the server's
 *       design: the event is queued, and the running server links queued events into the chain
 *       after they commit, a batch at a time; the run waits for the queue to drain and says how
 *       long that took.</li>
 * </ol>
 *
 * The record table is a fresh copy of the example manifest created through the API, so it has the
 * real shape (uuid key, page index, CHECKs, RLS policies — which a superuser bypasses). The scripts
 * are templates; the filled copies and pgbench's per-transaction logs go to
 * {@code velocity-bench/target/pgbench/<run>/}. pgbench runs with {@code -n -M prepared}
 * (server-side prepared statements, as the JDBC driver ends up using) and {@code -j nproc}.
 */
final class PgbenchComparison {

    record Script(String file, String label) {
    }

    static final List<Script> SCRIPTS = List.of(
            new Script("records-one-chain.sql", "record + outbox + audit, 1 chain (naive, head locked to commit)"),
            new Script("records-ten-chains.sql", "record + outbox + audit, 10 chains (naive)"),
            new Script("records-no-audit.sql", "record + outbox, no audit insert"),
            new Script("records-one-chain-linked.sql", "record + outbox + audit, 1 chain, linked after commit"));

    /** The figures issue 4 quotes for these machines: one chain, ten chains, no audit (transactions/s). */
    static final double[] ISSUE_REFERENCE = {1_000, 1_700, 3_900, 1_000};

    record Config(Postgres.Target pg, int clients, Duration duration) {
    }

    /** One pgbench run; {@code round} is its round of {@code --rounds} (1 to N), or 0 when it ran after the writes. */
    record Outcome(Script script, int round, double tps, long transactions, long failed, Percentiles latency,
                   String loadBefore, String loadAfter, String cpu, Machine.Use use, String database,
                   String command, String problem) {

        String label() {
            return round == 0 ? script.file() : script.file() + ", round " + round;
        }
    }

    record Result(Config config, String pgbenchVersion, String schemaPath, String chain, Path directory,
                  String settings, List<Outcome> outcomes) {

        /** The last run of script {@code index} of {@link #SCRIPTS}. */
        Outcome outcome(int index) {
            Script script = SCRIPTS.get(index);
            for (int i = outcomes.size() - 1; i >= 0; i--) {
                if (outcomes.get(i).script().equals(script)) {
                    return outcomes.get(i);
                }
            }
            throw new IllegalStateException(script.file() + " did not run");
        }

        String render(RecordsBenchmark.Writes http) {
            StringBuilder out = new StringBuilder();
            out.append("pgbench baseline (").append(pgbenchVersion).append(", ").append(config.clients())
                    .append(" clients, -j ")
                    .append(Math.min(config.clients(), Runtime.getRuntime().availableProcessors()))
                    .append(", -M prepared, ").append(config.duration().toSeconds()).append(" s each, as ")
                    .append(config.pg().display()).append(")\n");
            out.append("  database: ").append(settings).append('\n');
            Table table = new Table("script", "tps", "xacts", "failed", "p50", "p99", "PG CPU ms/xact", "issue says");
            for (Outcome o : outcomes) {
                table.row(o.label(), o.problem() != null ? "FAILED" : LoadRun.rate(o.tps()),
                        Table.count(o.transactions()), Table.count(o.failed()),
                        o.latency() == null ? "-" : Table.millis(o.latency().nanos(50)),
                        o.latency() == null ? "-" : Table.millis(o.latency().nanos(99)),
                        o.use().millisPer("PostgreSQL", o.transactions()),
                        "~" + Table.count((long) ISSUE_REFERENCE[SCRIPTS.indexOf(o.script())]));
            }
            out.append(table.render("  "));
            out.append("  latencies in ms per transaction (from pgbench -l), nearest-rank; PG CPU = PostgreSQL"
                    + " processes' CPU time / transactions\n");
            out.append("  record table: ").append(schemaPath).append("; chains '").append(chain).append("' and '")
                    .append(chain).append("#1' … '#10'\n");
            out.append("  scripts and logs: ").append(directory).append('\n');
            for (Outcome o : outcomes) {
                out.append("  ").append(o.label()).append(": loadavg before/after ").append(o.loadBefore())
                        .append(" / ").append(o.loadAfter()).append("; ").append(o.cpu()).append('\n');
                out.append("    ").append(o.use().shares()).append('\n');
                out.append("    ").append(o.database()).append('\n');
                out.append("    ").append(o.command()).append('\n');
                if (o.problem() != null) {
                    out.append("    problem: ").append(o.problem().replace("\n", "\n    ")).append('\n');
                }
            }
            if (http != null) {
                out.append('\n').append(comparison(http));
            }
            return out.toString();
        }

        /** HTTP creates/s side by side with the SQL figures, and the ratios the issues ask for. */
        String comparison(RecordsBenchmark.Writes http) {
            if (http.interleaved()) {
                return rounds(http);
            }
            StringBuilder out = new StringBuilder("HTTP against SQL, same run (goals: issue 4 acceptance 7, issue 6"
                    + " acceptance 6)\n");
            double h1 = http.oneChain().perSecond();
            double h10 = http.tenChains().perSecond();
            Outcome p1 = outcome(0);
            Outcome p10 = outcome(1);
            Outcome p0 = outcome(2);
            Table t = new Table("", "HTTP creates/s", "pgbench tps", "ratio", "goal", "vs issue's SQL figure");
            t.row("one chain", LoadRun.rate(h1), tps(p1), ratio(h1, p1), ">= 1.0x",
                    String.format(Locale.ROOT, "%.2fx of ~1,000", h1 / ISSUE_REFERENCE[0]));
            t.row("ten chains", LoadRun.rate(h10), tps(p10), ratio(h10, p10), ">= 0.6x",
                    String.format(Locale.ROOT, "%.2fx of ~1,700", h10 / ISSUE_REFERENCE[1]));
            t.row("no audit (SQL only)", "-", tps(p0), "-", "-", "-");
            if (outcomes.size() > 3) {
                Outcome ps = outcome(3);
                t.row("one chain, linked after commit", LoadRun.rate(h1), tps(ps), ratio(h1, ps), "-",
                        "(SQL: the server's chain design)");
            }
            out.append(t.render("  "));
            out.append(String.format(Locale.ROOT, "  CPU per audited create, one chain: HTTP Liberty %s ms"
                    + " + PostgreSQL %s ms (+ HTTP client %s ms); SQL PostgreSQL %s ms (+ pgbench %s ms)%n",
                    http.oneChain().use().millisPer("Liberty", http.oneChain().ok()),
                    http.oneChain().use().millisPer("PostgreSQL", http.oneChain().ok()),
                    http.oneChain().use().millisPer("bench JVM", http.oneChain().ok()),
                    p1.use().millisPer("PostgreSQL", p1.transactions()),
                    p1.use().millisPer("pgbench", p1.transactions())));
            if (p1.problem() == null && p0.problem() == null && p0.tps() > 0) {
                out.append(String.format(Locale.ROOT, "  in SQL, the one-chain audit insert costs %.0f%% of the"
                        + " no-audit throughput; ten chains %.0f%%%n",
                        100 * (1 - p1.tps() / p0.tps()), 100 * (1 - p10.tps() / p0.tps())));
            }
            return out.toString();
        }

        /**
         * The interleaved rounds: each round's ratios, then their medians and how many rounds met each
         * goal. The median, not the mean, because the machine's speed jumps from one phase to the next.
         */
        String rounds(RecordsBenchmark.Writes http) {
            List<RecordsBenchmark.Round> rounds = http.rounds();
            StringBuilder out = new StringBuilder("HTTP against SQL in " + rounds.size() + " interleaved rounds (goals:"
                    + " issue 4 acceptance 7, issue 6 acceptance 6)\n");
            Table t = new Table("round", "first", "HTTP 1 chain", "pgbench (a)", "ratio", "HTTP 10 chains",
                    "pgbench (b)", "ratio", "Liberty + PG ms/create, 1 chain", "PG ms/xact (a)");
            double[] one = new double[rounds.size()];
            double[] ten = new double[rounds.size()];
            double[] httpOne = new double[rounds.size()];
            double[] httpTen = new double[rounds.size()];
            for (int i = 0; i < rounds.size(); i++) {
                RecordsBenchmark.Round r = rounds.get(i);
                one[i] = ratioOf(r.oneChain().perSecond(), r.sqlOne());
                ten[i] = ratioOf(r.tenChains().perSecond(), r.sqlTen());
                httpOne[i] = r.oneChain().perSecond();
                httpTen[i] = r.tenChains().perSecond();
                t.row(Integer.toString(r.number()), r.sqlFirst() ? "pgbench" : "HTTP",
                        LoadRun.rate(r.oneChain().perSecond()), tps(r.sqlOne()),
                        ratio(r.oneChain().perSecond(), r.sqlOne()),
                        LoadRun.rate(r.tenChains().perSecond()), tps(r.sqlTen()),
                        ratio(r.tenChains().perSecond(), r.sqlTen()),
                        r.oneChain().use().millisPer("Liberty", r.oneChain().ok()) + " + "
                                + r.oneChain().use().millisPer("PostgreSQL", r.oneChain().ok()),
                        r.sqlOne().use().millisPer("PostgreSQL", r.sqlOne().transactions()));
            }
            out.append(t.render("  "));
            out.append(String.format(Locale.ROOT, "  one chain:  median ratio %s (goal >= 1.0x), met in %d of %d"
                    + " rounds%n", median(one), met(one, 1.0), rounds.size()));
            out.append(String.format(Locale.ROOT, "  ten chains: median ratio %s (goal >= 0.6x), met in %d of %d"
                    + " rounds%n", median(ten), met(ten, 0.6), rounds.size()));
            double h1 = medianOf(httpOne);
            double h10 = medianOf(httpTen);
            out.append(String.format(Locale.ROOT, "  against the issue's figures for these machines: HTTP medians %s"
                    + " creates/s on one chain (%.2fx of ~1,000) and %s on ten (%.2fx of ~1,700)%n", LoadRun.rate(h1),
                    h1 / ISSUE_REFERENCE[0], LoadRun.rate(h10), h10 / ISSUE_REFERENCE[1]));
            out.append("  each phase ").append(config.duration().toSeconds()).append(" s; 'first' says which side ran"
                    + " first in the round (alternating); a ratio is HTTP creates/s over the pgbench tps beside it\n");
            Outcome p0 = outcome(2);
            out.append("  record + outbox without the audit insert (SQL only, once, after the rounds): ")
                    .append(tps(p0)).append(" tps\n");
            return out.toString();
        }

        private static double ratioOf(double http, Outcome o) {
            return o == null || o.problem() != null || o.tps() <= 0 ? Double.NaN : http / o.tps();
        }

        /** The median of the ratios that could be computed, as "0.95x"; "-" when there are none. */
        static String median(double[] ratios) {
            double m = medianOf(ratios);
            return Double.isNaN(m) ? "-" : String.format(Locale.ROOT, "%.2fx", m);
        }

        /** The median of the values that are not NaN; NaN when there are none. */
        static double medianOf(double[] values) {
            double[] known = Arrays.stream(values).filter(v -> !Double.isNaN(v)).sorted().toArray();
            if (known.length == 0) {
                return Double.NaN;
            }
            int mid = known.length / 2;
            return known.length % 2 == 1 ? known[mid] : (known[mid - 1] + known[mid]) / 2;
        }

        /** How many ratios reach {@code goal} (a failed pgbench run counts as not met). */
        static long met(double[] ratios, double goal) {
            return Arrays.stream(ratios).filter(r -> !Double.isNaN(r) && r >= goal).count();
        }

        private static String tps(Outcome o) {
            return o.problem() != null ? "FAILED" : LoadRun.rate(o.tps());
        }

        private static String ratio(double http, Outcome o) {
            double r = ratioOf(http, o);
            return Double.isNaN(r) ? "-" : String.format(Locale.ROOT, "%.2fx", r);
        }
    }

    private PgbenchComparison() {
    }

    /** The pgbench binary on PATH (or a Debian cluster's bin directory). */
    static Optional<Path> pgbench() {
        List<Path> candidates = new ArrayList<>();
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(java.io.File.pathSeparator)) {
                if (!dir.isEmpty()) {
                    candidates.add(Path.of(dir, "pgbench"));
                }
            }
        }
        try (Stream<Path> versions = Files.list(Path.of("/usr/lib/postgresql"))) {
            versions.sorted((a, b) -> b.compareTo(a)).forEach(v -> candidates.add(v.resolve("bin/pgbench")));
        } catch (IOException e) {
            // not Debian, or no server packages
        }
        return candidates.stream().filter(Files::isExecutable).findFirst();
    }

    static String missingHint() {
        return "pgbench is not installed. On Debian: apt-get install -y postgresql-client-15 (or the client of"
                + " another major version); then run again with --pgbench.";
    }

    /** All four scripts, one after the other. */
    static Result run(Config config, Server server, Path moduleDir, PrintStream progress) throws Exception {
        Session session = Session.open(config, server, moduleDir);
        for (Script script : SCRIPTS) {
            session.run(script, 0, progress);
        }
        return session.result();
    }

    /**
     * The baseline's record table and scripts, made once; then any script run any number of times
     * ({@code --rounds} runs (a) and (b) once per round), each run's outcome kept in order.
     */
    static final class Session {
        private final Config config;
        private final Path pgbench;
        private final String version;
        private final String schemaPath;
        private final Postgres.TableNames names;
        private final String settings;
        private final Path dir;
        private final List<Outcome> outcomes = new ArrayList<>();

        private Session(Config config, Path pgbench, String version, String schemaPath, Postgres.TableNames names,
                        String settings, Path dir) {
            this.config = config;
            this.pgbench = pgbench;
            this.version = version;
            this.schemaPath = schemaPath;
            this.names = names;
            this.settings = settings;
            this.dir = dir;
        }

        static Session open(Config config, Server server, Path moduleDir) throws Exception {
            Path pgbench = pgbench().orElseThrow(() -> new ApplyBenchmark.Unavailable(missingHint()));
            String version = output(List.of(pgbench.toString(), "--version")).strip();
            String run = ApplyBenchmark.random8();
            String schemaPath = server.apply(Server.exampleManifest("bench-pgb-" + run, true));
            Postgres.TableNames names;
            String settings;
            try (Connection c = config.pg().connect()) {
                Postgres.requireSuperuser(c, config.pg());
                names = Postgres.names(c, schemaPath);
                settings = Postgres.settings(c);
            }
            Path dir = moduleDir.resolve("target").resolve("pgbench").resolve(run);
            Files.createDirectories(dir);
            return new Session(config, pgbench, version, schemaPath, names, settings, dir);
        }

        /** Runs {@code script} once; {@code round} 0 outside {@code --rounds}. */
        Outcome run(Script script, int round, PrintStream progress) throws Exception {
            String text = template(script.file())
                    .replace("@RECORD_TABLE@", names.qualifiedTable())
                    .replace("@OUTBOX_TABLE@", names.qualifiedOutbox())
                    .replace("@CHAIN@", literal(schemaPath))
                    .replace("@ACTOR@", "bootstrap-admin");
            if (text.contains("@")) {
                throw new IllegalStateException(script.file() + " has a placeholder this program does not fill");
            }
            Path file = dir.resolve(script.file());
            Files.writeString(file, text, StandardCharsets.UTF_8);
            // one log prefix per run: the latencies are read from every log file of the prefix
            String logPrefix = dir.resolve(script.file().replace(".sql", "") + (round == 0 ? "" : "-r" + round))
                    .toString();
            int threads = Math.min(config.clients(), Runtime.getRuntime().availableProcessors());
            List<String> command = new ArrayList<>(List.of(pgbench.toString(), "-n", "-M", "prepared",
                    "-c", Integer.toString(config.clients()), "-j", Integer.toString(threads),
                    "-T", Long.toString(config.duration().toSeconds()), "-l", "--log-prefix=" + logPrefix,
                    "-f", file.toString(), "-h", config.pg().host(), "-p", Integer.toString(config.pg().port()),
                    "-U", config.pg().user(), config.pg().database()));
            progress.println("... pgbench" + (round == 0 ? "" : " (round " + round + ")") + ": " + script.file()
                    + ", " + config.clients() + " clients, " + config.duration().toSeconds() + " s");
            progress.println("    " + Postgres.vacuumAuditQueue(config.pg()));
            Outcome o = runOne(script, round, command, logPrefix, config);
            outcomes.add(o);
            if (script.file().contains("linked")) {
                progress.println("    " + drain(config));
            }
            progress.println("    " + (o.problem() == null ? LoadRun.rate(o.tps()) + " tps"
                    : "FAILED: " + o.problem()));
            return o;
        }

        Result result() {
            return new Result(config, version, schemaPath, schemaPath, dir, settings, List.copyOf(outcomes));
        }
    }

    /**
     * Waits (at most two minutes) until the server has linked every queued audit event, and says
     * how many were queued when pgbench stopped and how long the rest took.
     */
    private static String drain(Config config) throws SQLException, InterruptedException {
        long start = System.nanoTime();
        try (Connection c = config.pg().connect(); Statement s = c.createStatement()) {
            long first = -1;
            while (true) {
                long queued;
                try (ResultSet rs = s.executeQuery("SELECT count(*) FROM platform.audit_pending")) {
                    rs.next();
                    queued = rs.getLong(1);
                }
                if (first < 0) {
                    first = queued;
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                if (queued == 0 || seconds > 120) {
                    return String.format(Locale.ROOT, "audit queue: %d events queued when pgbench stopped, %d left"
                            + " after %.1f s", first, queued, seconds);
                }
                Thread.sleep(100);
            }
        }
    }

    private static Outcome runOne(Script script, int round, List<String> command, String logPrefix, Config config)
            throws IOException, InterruptedException {
        String loadBefore = Machine.loadAverage();
        Machine.CpuSample cpuStart = Machine.CpuSample.now();
        Machine.ProcessCpu processStart = Machine.ProcessCpu.now();
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        if (config.pg().password() != null) {
            pb.environment().put("PGPASSWORD", config.pg().password());
        }
        pb.environment().put("PGAPPNAME", "velocity-bench-pgbench");
        Postgres.Activity activity = Postgres.Activity.start(config.pg());
        Process p = pb.start();
        String text;
        try (InputStream in = p.getInputStream()) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (!p.waitFor(config.duration().toSeconds() + 120, TimeUnit.SECONDS)) {
            p.destroy();
        }
        activity.close();
        String cpu = Machine.CpuSample.now().since(cpuStart);
        Machine.Use use = Machine.ProcessCpu.now().since(processStart);
        String shown = String.join(" ", command.stream()
                .map(a -> a.startsWith("--log-prefix=") ? "-l --log-prefix=…" : a)
                .filter(a -> !a.equals("-l")).toList());
        double tps = number(text, "tps = ([0-9.]+) \\(without initial connection time\\)");
        long xacts = (long) number(text, "number of transactions actually processed: ([0-9]+)");
        long failed = (long) number(text, "number of failed transactions: ([0-9]+)");
        String problem = null;
        if (p.exitValue() != 0 || Double.isNaN(tps)) {
            problem = "exit " + p.exitValue() + ": " + tail(text);
        } else if (text.contains("aborted") || text.contains("ERROR")) {
            problem = tail(text);
        }
        return new Outcome(script, round, Double.isNaN(tps) ? 0 : tps, Math.max(0, xacts), Math.max(0, failed),
                latencies(Path.of(logPrefix)), loadBefore, Machine.loadAverage(), cpu, use, activity.summary(), shown,
                problem);
    }

    /** Per-transaction latencies from pgbench's logs ({@code client xact latency_us script epoch us}). */
    private static Percentiles latencies(Path prefix) throws IOException {
        long[] values = new long[1 << 16];
        int n = 0;
        Pattern logName = Pattern.compile(Pattern.quote(prefix.getFileName().toString()) + "\\.[0-9]+(\\.[0-9]+)?");
        try (Stream<Path> files = Files.list(prefix.getParent())) {
            for (Path f : files.filter(f -> logName.matcher(f.getFileName().toString()).matches()).toList()) {
                for (String line : Files.readAllLines(f, StandardCharsets.US_ASCII)) {
                    String[] parts = line.split(" ");
                    if (parts.length < 3 || !parts[2].chars().allMatch(Character::isDigit)) {
                        continue; // failed or skipped transactions
                    }
                    if (n == values.length) {
                        values = Arrays.copyOf(values, n * 2);
                    }
                    values[n++] = Long.parseLong(parts[2]) * 1_000;
                }
            }
        }
        return n == 0 ? null : new Percentiles(values, n);
    }

    private static double number(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
    }

    private static String tail(String text) {
        String t = text.strip();
        return t.length() > 1200 ? "…" + t.substring(t.length() - 1200) : t;
    }

    private static String output(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String text;
        try (InputStream in = p.getInputStream()) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        p.waitFor(10, TimeUnit.SECONDS);
        return text;
    }

    private static String template(String file) throws IOException {
        try (InputStream in = PgbenchComparison.class.getResourceAsStream("/pgbench/" + file)) {
            if (in == null) {
                throw new IOException("resource pgbench/" + file + " is missing from the benchmark jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The contents of an SQL string literal. */
    private static String literal(String s) {
        return s.replace("'", "''");
    }
}
