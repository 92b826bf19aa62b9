package sh.velocity.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the benchmarks and prints one plain-text report: a header (date, nproc, Java, load average),
 * then one table per benchmark. Not a test: nothing here asserts a threshold.
 *
 * <pre>
 * mvn -B -Pbench -DskipTests -pl velocity-bench -am verify [-Dbench.args="OPTIONS"]
 *
 *   --cel-only            only the in-process CEL benchmark
 *   --apply-only          only the apply benchmark (exit 2 when no server answers)
 *   --url URL             server base URL, loopback only (default http://127.0.0.1:9080)
 *   --key-file FILE       admin API key (default &lt;repo&gt;/target/devstack/bootstrap-admin.key)
 *   --creates N           measured creates (default 50)
 *   --unchanged N         measured unchanged re-applies (default 50)
 *   --apply-warmup N      unmeasured requests before each apply series (default 5)
 *   --evaluations N       measured CEL evaluations (default 200000)
 *   --warmup N            CEL warm-up evaluations (default 200000)
 *   --compiles N          measured CEL compiles (default 1000)
 *   --records             only the records benchmark (HTTP creates on 1 and 10 chains, reads at --rows)
 *   --pgbench             only the pgbench comparison; with --records, run between its writes and reads
 *   --duration S          seconds per records/pgbench phase (default 30)
 *   --rounds N            with --records and --pgbench: N rounds of the write phases, each HTTP phase
 *                         with its pgbench phase beside it, alternating which goes first (default 1:
 *                         the HTTP writes, then pgbench)
 *   --clients N           concurrent clients for records and pgbench (default 16)
 *   --records-warmup S    unmeasured seconds before each records phase (default 5)
 *   --server-warmup S     unmeasured seconds of mixed load before the first records phase (default 90),
 *                         at least; it goes on in 30 s windows while the rate still climbs
 *   --server-warmup-max S the most it goes on for (default 600; equal to --server-warmup: fixed length)
 *   --rows N              rows filled by SQL for the read phases (default 1000000; 0 skips the reads)
 *   --jdk-client          records phases over the JDK's HttpClient instead of a blocking socket per client
 *   --pg-url URL          the server's PostgreSQL as a superuser, loopback only (default: the run
 *                         command's embedded one, from target/devstack/pgdata/postmaster.pid)
 *   --auth                only the authentication latency benchmark (API key and JWT, p50/p99)
 *   --auth-requests N     measured requests of each kind for --auth (default 20000)
 *   --auth-warmup N       unmeasured requests of each kind for --auth (default 5000)
 *   --verify              only the audit chain verification benchmark (verify endpoint vs sha256sum)
 *   --verify-events N     events in the chain --verify fills and verifies (default 1000000)
 *   --search              only the search benchmark: CDC lag under paced creates, then search on tier 3
 *                         and tier 2 at --search-rows rows
 *   --search-rate N       creates per second of the CDC phase (default 250)
 *   --search-rows N       rows filled into each search table (default 1000000; 0 skips the search phases)
 * </pre>
 *
 * Without --records, --pgbench, --auth, --verify or --search: the CEL benchmark always runs (unless --apply-only); the apply and
 * records benchmarks run when a server answers {@code /health/ready}; when none does, they are
 * skipped with a note — unless asked for explicitly (--apply-only, --url or --key-file; --records,
 * --pgbench, --auth, --verify, --search), in which case the program prints how to start a server and exits with
 * status 2. The authentication benchmark runs only with --auth, the verification benchmark only with --verify,
 * the search benchmark only with --search.
 */
public final class Benchmarks {

    private Benchmarks() {
    }

    /** The command-line options, shared with {@link ApplyBenchmark#main}. */
    record Options(boolean celOnly, boolean applyOnly, boolean applyRequested, String url, Path keyFile,
                   int creates, int unchanged, int applyWarmup, int evaluations, int warmup, int compiles,
                   boolean records, boolean pgbench, int duration, int rounds, int clients, int recordsWarmup,
                   int serverWarmup, int serverWarmupMax, long rows, String pgUrl, boolean auth, int authRequests,
                   int authWarmup,
                   boolean verify, int verifyEvents, boolean search, int searchRate, long searchRows,
                   boolean jdkClient, boolean help) {

        static Options parse(String[] args) {
            boolean celOnly = false;
            boolean applyOnly = false;
            boolean applyRequested = false;
            boolean records = false;
            boolean pgbench = false;
            boolean auth = false;
            boolean verify = false;
            boolean search = false;
            boolean jdkClient = false;
            boolean help = false;
            String url = ApplyBenchmark.DEFAULT_URL.toString();
            Path keyFile = null;
            String pgUrl = null;
            CelBenchmark.Config cel = CelBenchmark.Config.DEFAULTS;
            int creates = 50;
            int unchanged = 50;
            int applyWarmup = 5;
            int evaluations = cel.evaluations();
            int warmup = cel.warmup();
            int compiles = cel.compiles();
            int duration = 30;
            int rounds = 1;
            int clients = 16;
            int recordsWarmup = 5;
            int serverWarmup = 90;
            int serverWarmupMax = 600;
            long rows = 1_000_000;
            int authRequests = 20_000;
            int authWarmup = 5_000;
            int verifyEvents = 1_000_000;
            int searchRate = 250;
            long searchRows = 1_000_000;
            List<String> list = new ArrayList<>();
            for (String a : args) {
                if (a != null && !a.isBlank()) {
                    list.add(a.trim());
                }
            }
            for (int i = 0; i < list.size(); i++) {
                String arg = list.get(i);
                String name = arg;
                String value = null;
                int eq = arg.indexOf('=');
                if (arg.startsWith("--") && eq > 0) {
                    name = arg.substring(0, eq);
                    value = arg.substring(eq + 1);
                }
                switch (name) {
                    case "--cel-only" -> celOnly = true;
                    case "--apply-only" -> {
                        applyOnly = true;
                        applyRequested = true;
                    }
                    case "--records" -> records = true;
                    case "--pgbench" -> pgbench = true;
                    case "--auth" -> auth = true;
                    case "--verify" -> verify = true;
                    case "--search" -> search = true;
                    case "--jdk-client" -> jdkClient = true;
                    case "-h", "--help" -> help = true;
                    case "--url", "--key-file", "--creates", "--unchanged", "--apply-warmup", "--evaluations",
                         "--warmup", "--compiles", "--duration", "--rounds", "--clients", "--records-warmup",
                         "--server-warmup", "--server-warmup-max",
                         "--rows", "--pg-url", "--auth-requests", "--auth-warmup",
                         "--verify-events", "--search-rate", "--search-rows" -> {
                        if (value == null) {
                            if (i + 1 >= list.size()) {
                                throw new IllegalArgumentException(name + " needs a value\n" + usage());
                            }
                            value = list.get(++i);
                        }
                        switch (name) {
                            case "--url" -> {
                                url = value;
                                applyRequested = true;
                            }
                            case "--key-file" -> {
                                keyFile = Path.of(value);
                                applyRequested = true;
                            }
                            case "--pg-url" -> {
                                Postgres.parse(value); // refuse a bad or non-loopback URL before anything runs
                                pgUrl = value;
                            }
                            case "--creates" -> creates = number(name, value, 1);
                            case "--unchanged" -> unchanged = number(name, value, 0);
                            case "--apply-warmup" -> applyWarmup = number(name, value, 0);
                            case "--evaluations" -> evaluations = number(name, value, 1);
                            case "--warmup" -> warmup = number(name, value, 0);
                            case "--duration" -> duration = number(name, value, 1);
                            case "--rounds" -> rounds = number(name, value, 1);
                            case "--clients" -> clients = number(name, value, 1);
                            case "--records-warmup" -> recordsWarmup = number(name, value, 0);
                            case "--server-warmup" -> serverWarmup = number(name, value, 0);
                            case "--server-warmup-max" -> serverWarmupMax = number(name, value, 0);
                            case "--rows" -> rows = number(name, value, 0);
                            case "--auth-requests" -> authRequests = number(name, value, 1);
                            case "--auth-warmup" -> authWarmup = number(name, value, 0);
                            case "--verify-events" -> verifyEvents = number(name, value, 1);
                            case "--search-rate" -> searchRate = number(name, value, 1);
                            case "--search-rows" -> searchRows = number(name, value, 0);
                            default -> compiles = number(name, value, 1);
                        }
                    }
                    default -> throw new IllegalArgumentException("unknown option " + arg + "\n" + usage());
                }
            }
            if (celOnly && applyOnly) {
                throw new IllegalArgumentException("--cel-only and --apply-only exclude each other");
            }
            if ((celOnly || applyOnly) && (records || pgbench || auth || verify || search)) {
                throw new IllegalArgumentException("--cel-only and --apply-only exclude --records, --pgbench,"
                        + " --auth, --verify and --search");
            }
            if (rounds > 1 && !(records && pgbench)) {
                throw new IllegalArgumentException("--rounds needs --records and --pgbench (it interleaves the two)");
            }
            ApplyBenchmark.checkedUrl(url); // refuse a non-loopback URL before anything runs
            return new Options(celOnly, applyOnly, applyRequested, url, keyFile, creates, unchanged, applyWarmup,
                    evaluations, warmup, compiles, records, pgbench, duration, rounds, clients, recordsWarmup,
                    serverWarmup, Math.max(serverWarmup, serverWarmupMax), rows, pgUrl, auth, authRequests, authWarmup, verify,
                    verifyEvents, search, searchRate, searchRows,
                    jdkClient, help);
        }

        /**
         * --records, --pgbench, --auth, --verify or --search: run only what was selected, and fail (exit 2) if it
         * cannot run.
         */
        boolean selected() {
            return recordsOrPgbench() || auth || verify || search;
        }

        boolean recordsOrPgbench() {
            return records || pgbench;
        }

        AuthLatencyBenchmark.Config authConfig() throws ApplyBenchmark.Unavailable {
            ApplyBenchmark.Config apply = applyConfig();
            return new AuthLatencyBenchmark.Config(apply.url(), apply.keyFile(), authWarmup, authRequests);
        }

        /** The server's database: --pg-url, else the run command's embedded PostgreSQL if it is running. */
        Postgres.Target pgTarget() {
            return pgUrl != null ? Postgres.parse(pgUrl) : Postgres.discover().orElse(null);
        }

        Duration durationValue() {
            return Duration.ofSeconds(duration);
        }

        CelBenchmark.Config celConfig() {
            return new CelBenchmark.Config(warmup, evaluations, CelBenchmark.Config.DEFAULTS.compileWarmup(),
                    compiles);
        }

        ApplyBenchmark.Config applyConfig() throws ApplyBenchmark.Unavailable {
            Path key = keyFile;
            if (key == null) {
                Path root = Machine.repoRoot().orElseThrow(() -> new ApplyBenchmark.Unavailable(
                        "Cannot find the repository root (the parent of velocity-bench) to locate "
                                + ApplyBenchmark.DEFAULT_KEY_FILE + "; pass --key-file."));
                key = root.resolve(ApplyBenchmark.DEFAULT_KEY_FILE);
            }
            return new ApplyBenchmark.Config(ApplyBenchmark.checkedUrl(url), key.toAbsolutePath().normalize(),
                    applyWarmup, creates, unchanged);
        }

        private static int number(String name, String value, int min) {
            try {
                int n = Integer.parseInt(value.replace("_", "").replace(",", ""));
                if (n < min) {
                    throw new IllegalArgumentException(name + " must be at least " + min);
                }
                return n;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(name + " needs a whole number, got " + value);
            }
        }
    }

    static String usage() {
        return """
                usage: mvn -B -Pbench -DskipTests -pl velocity-bench -am verify [-Dbench.args="OPTIONS"]
                  --cel-only | --apply-only
                  --url URL (loopback only, default http://127.0.0.1:9080)   --key-file FILE
                  --creates N (50)  --unchanged N (50)  --apply-warmup N (5)
                  --evaluations N (200000)  --warmup N (200000)  --compiles N (1000)
                  --records  --pgbench  (only these; without either: CEL, apply and records)
                  --duration S (30)  --rounds N (1; with --records --pgbench: interleaved rounds)
                  --clients N (16)  --records-warmup S (5)  --server-warmup S (90)
                  --server-warmup-max S (600; the records warm-up goes on while the rate climbs)
                  --rows N (1000000; 0 = no reads)  --jdk-client (records over java.net.http, not sockets)
                  --pg-url postgresql://postgres@127.0.0.1:PORT/velocity (default: the run command's embedded one)
                  --auth (only this)  --auth-requests N (20000)  --auth-warmup N (5000)
                  --verify (only this)  --verify-events N (1000000)
                  --search (only this)  --search-rate N (250)  --search-rows N (1000000; 0 = CDC lag only)""";
    }

    public static void main(String[] args) throws Exception {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        if (options.help()) {
            System.out.println(usage());
            return;
        }
        StringBuilder report = new StringBuilder(Machine.header());

        if (!options.selected() && !options.applyOnly()) {
            CelBenchmark.Result cel = CelBenchmark.run(options.celConfig(), System.out);
            report.append('\n').append(cel.render());
        }

        if (!options.selected() && !options.celOnly()) {
            ApplyBenchmark.Config config;
            ApplyBenchmark.Result apply = null;
            String skipped = null;
            try {
                config = options.applyConfig();
                if (!ApplyBenchmark.ready(config.url()) && !options.applyRequested()) {
                    skipped = "Apply benchmark skipped: " + ApplyBenchmark.notReadyMessage(config.url());
                } else {
                    apply = ApplyBenchmark.run(config, System.out);
                }
            } catch (ApplyBenchmark.Unavailable e) {
                if (options.applyRequested()) {
                    exit(report, e.getMessage());
                    return;
                }
                skipped = "Apply benchmark skipped: " + e.getMessage();
            }
            report.append('\n').append(apply != null ? apply.render() : skipped.strip() + "\n");
        }

        if (options.auth()) {
            try {
                AuthLatencyBenchmark.Result auth = AuthLatencyBenchmark.run(options.authConfig(), System.out);
                report.append('\n').append(auth.render());
            } catch (ApplyBenchmark.Unavailable e) {
                exit(report, e.getMessage());
                return;
            }
        }

        if (options.verify()) {
            try {
                ApplyBenchmark.Config config = options.applyConfig();
                Server server = Server.connect(config.url(), config.keyFile());
                Postgres.Target pg = options.pgTarget();
                if (pg == null) {
                    exit(report, "--verify needs the server's PostgreSQL and a superuser. " + Postgres.unavailableHint());
                    return;
                }
                if (AuditVerifyBenchmark.sha256sumBinary().isEmpty()) {
                    exit(report, "--verify needs sha256sum on the PATH (GNU coreutils).");
                    return;
                }
                AuditVerifyBenchmark.Result verify = AuditVerifyBenchmark.run(
                        new AuditVerifyBenchmark.Config(server, pg, options.verifyEvents()), System.out);
                report.append('\n').append(verify.render());
            } catch (ApplyBenchmark.Unavailable e) {
                exit(report, e.getMessage());
                return;
            }
        }

        if (options.search()) {
            try {
                ApplyBenchmark.Config config = options.applyConfig();
                Server server = Server.connect(config.url(), config.keyFile());
                Postgres.Target pg = options.pgTarget();
                if (pg == null) {
                    exit(report, "--search needs the server's PostgreSQL and a superuser. " + Postgres.unavailableHint());
                    return;
                }
                SearchBenchmark.Result search = SearchBenchmark.run(new SearchBenchmark.Config(server, pg,
                        options.clients(), options.durationValue(), Duration.ofSeconds(options.recordsWarmup()),
                        Duration.ofSeconds(options.serverWarmup()), options.searchRate(), options.searchRows()),
                        System.out);
                report.append('\n').append(search.render());
            } catch (ApplyBenchmark.Unavailable e) {
                exit(report, e.getMessage());
                return;
            }
        }

        if (options.recordsOrPgbench() || (!options.selected() && !options.celOnly() && !options.applyOnly())) {
            if (!recordsAndPgbench(options, report)) {
                return;
            }
        }

        report.append("\nloadavg at end ").append(Machine.loadAverage()).append('\n');
        System.out.println();
        System.out.print(report);
        System.out.flush();
    }

    /**
     * The records benchmark and/or the pgbench comparison, pgbench between the HTTP writes and reads
     * so that both see tables of the same size. When neither was selected (the default run) the
     * records benchmark is skipped with a note if no server answers; when selected, a missing
     * server, database or pgbench ends the program with status 2. False when it exited.
     */
    private static boolean recordsAndPgbench(Options options, StringBuilder report) throws Exception {
        boolean required = options.recordsOrPgbench();
        boolean records = options.records() || !options.recordsOrPgbench();
        Server server;
        Path moduleDir;
        try {
            ApplyBenchmark.Config config = options.applyConfig();
            moduleDir = Machine.repoRoot().map(r -> r.resolve("velocity-bench"))
                    .orElse(Path.of("").toAbsolutePath());
            server = Server.connect(config.url(), config.keyFile());
        } catch (ApplyBenchmark.Unavailable e) {
            if (required) {
                exit(report, e.getMessage());
                return false;
            }
            report.append("\nRecords benchmark skipped: ").append(e.getMessage().strip()).append('\n');
            return true;
        }
        Postgres.Target pg = options.pgTarget();
        if (pg != null) {
            Postgres.watch(pg);
        }
        if (options.pgbench()) {
            if (pg == null) {
                exit(report, "--pgbench needs the server's PostgreSQL and a superuser. " + Postgres.unavailableHint());
                return false;
            }
            if (PgbenchComparison.pgbench().isEmpty()) {
                exit(report, PgbenchComparison.missingHint());
                return false;
            }
        }
        PgbenchComparison.Config pgConfig = new PgbenchComparison.Config(pg, options.clients(),
                options.durationValue());
        if (!records) {
            report.append('\n').append(PgbenchComparison.run(pgConfig, server, moduleDir, System.out).render(null));
            return true;
        }
        RecordsBenchmark.Config config = new RecordsBenchmark.Config(server.url, server.keyFile, options.clients(),
                options.durationValue(), Duration.ofSeconds(options.recordsWarmup()),
                Duration.ofSeconds(options.serverWarmup()), Duration.ofSeconds(options.serverWarmupMax()),
                options.rows(), pg, options.jdkClient());
        PgbenchComparison.Result[] sql = new PgbenchComparison.Result[1];
        PgbenchComparison.Session session = options.rounds() > 1
                ? PgbenchComparison.Session.open(pgConfig, server, moduleDir) : null;
        RecordsBenchmark.SqlPhase beside = session == null ? null
                : (script, round) -> session.run(PgbenchComparison.SCRIPTS.get(script), round, System.out);
        RecordsBenchmark.Between after = writes -> {
            if (session != null) {
                // (a) and (b) ran in the rounds; the other two once, for the report
                for (PgbenchComparison.Script script : PgbenchComparison.SCRIPTS.subList(2, 4)) {
                    session.run(script, 0, System.out);
                }
                sql[0] = session.result();
            } else if (options.pgbench()) {
                sql[0] = PgbenchComparison.run(pgConfig, server, moduleDir, System.out);
            }
            if (sql[0] != null) {
                System.out.println();
                System.out.print(sql[0].comparison(writes));
            }
        };
        RecordsBenchmark.Result result = RecordsBenchmark.run(config, server, System.out, options.rounds(), beside,
                after);
        report.append('\n').append(result.render());
        if (sql[0] != null) {
            report.append('\n').append(sql[0].render(result.writes()));
        }
        return true;
    }

    private static void exit(StringBuilder report, String message) {
        System.out.print(report);
        System.out.flush();
        System.err.println();
        System.err.println(message);
        System.exit(2);
    }
}
