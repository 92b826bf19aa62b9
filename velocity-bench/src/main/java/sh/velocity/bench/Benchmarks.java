package sh.velocity.bench;

import java.nio.file.Path;
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
 * </pre>
 *
 * The CEL benchmark always runs (unless --apply-only). The apply benchmark runs when a server
 * answers {@code /health/ready}; when none does, it is skipped with a note — unless it was asked for
 * explicitly (--apply-only, --url or --key-file), in which case the program prints how to start a
 * server and exits with status 2.
 */
public final class Benchmarks {

    private Benchmarks() {
    }

    /** The command-line options, shared with {@link ApplyBenchmark#main}. */
    record Options(boolean celOnly, boolean applyOnly, boolean applyRequested, String url, Path keyFile,
                   int creates, int unchanged, int applyWarmup, int evaluations, int warmup, int compiles,
                   boolean help) {

        static Options parse(String[] args) {
            boolean celOnly = false;
            boolean applyOnly = false;
            boolean applyRequested = false;
            boolean help = false;
            String url = ApplyBenchmark.DEFAULT_URL.toString();
            Path keyFile = null;
            CelBenchmark.Config cel = CelBenchmark.Config.DEFAULTS;
            int creates = 50;
            int unchanged = 50;
            int applyWarmup = 5;
            int evaluations = cel.evaluations();
            int warmup = cel.warmup();
            int compiles = cel.compiles();
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
                    case "-h", "--help" -> help = true;
                    case "--url", "--key-file", "--creates", "--unchanged", "--apply-warmup", "--evaluations",
                         "--warmup", "--compiles" -> {
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
                            case "--creates" -> creates = number(name, value, 1);
                            case "--unchanged" -> unchanged = number(name, value, 0);
                            case "--apply-warmup" -> applyWarmup = number(name, value, 0);
                            case "--evaluations" -> evaluations = number(name, value, 1);
                            case "--warmup" -> warmup = number(name, value, 0);
                            default -> compiles = number(name, value, 1);
                        }
                    }
                    default -> throw new IllegalArgumentException("unknown option " + arg + "\n" + usage());
                }
            }
            if (celOnly && applyOnly) {
                throw new IllegalArgumentException("--cel-only and --apply-only exclude each other");
            }
            ApplyBenchmark.checkedUrl(url); // refuse a non-loopback URL before anything runs
            return new Options(celOnly, applyOnly, applyRequested, url, keyFile, creates, unchanged, applyWarmup,
                    evaluations, warmup, compiles, help);
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
                  --evaluations N (200000)  --warmup N (200000)  --compiles N (1000)""";
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

        if (!options.applyOnly()) {
            CelBenchmark.Result cel = CelBenchmark.run(options.celConfig(), System.out);
            report.append('\n').append(cel.render());
        }

        if (!options.celOnly()) {
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
                    System.out.print(report);
                    System.out.flush();
                    System.err.println();
                    System.err.println(e.getMessage());
                    System.exit(2);
                    return;
                }
                skipped = "Apply benchmark skipped: " + e.getMessage();
            }
            report.append('\n').append(apply != null ? apply.render() : skipped.strip() + "\n");
        }

        report.append("\nloadavg at end ").append(Machine.loadAverage()).append('\n');
        System.out.println();
        System.out.print(report);
        System.out.flush();
    }
}
