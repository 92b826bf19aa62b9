package sh.velocity.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Apply time of the CONTRACT example manifest through the whole stack of a running server: HTTP,
 * bearer-key authentication and authorization, YAML parsing, admission (including the CEL compile
 * and cost estimate), diff, the DDL gateway (CREATE TABLE, RLS policies, grants), the registry row
 * and the audit event, in one transaction.
 *
 * <ul>
 *   <li><b>create</b> — the manifest under a fresh name each time (expects 201): the full DDL path;</li>
 *   <li><b>unchanged</b> — the last of them re-applied as is (expects 204): parse, admission and diff
 *       only, the path a GitOps controller takes on every sync.</li>
 * </ul>
 *
 * <p>Requests are sequential, from one client, over one keep-alive HTTP/1.1 connection; each is
 * timed from just before {@code send} to the end of the response body. Only loopback servers are
 * accepted: this program sends an admin key. Every create leaves a table {@code bench-*} behind in
 * the database it talks to — point it at a development database only.
 */
final class ApplyBenchmark {

    static final URI DEFAULT_URL = URI.create("http://127.0.0.1:9080");
    static final Path DEFAULT_KEY_FILE = Path.of("target", "devstack", "bootstrap-admin.key");
    static final String START_HINT = "Start one in another terminal, from the repository root:\n"
            + "    mvn -B -Prun -DskipTests verify\n"
            + "and wait for \"Velocity is running\"; or run only the CEL benchmark with --cel-only.";

    private static final Set<String> LOOPBACK = Set.of("127.0.0.1", "localhost", "::1", "[::1]");
    private static final Pattern NAME_LINE =
            Pattern.compile("^(\\s*name:\\s*)purchase-order\\s*$", Pattern.MULTILINE);
    private static final Pattern VALID_NAME = Pattern.compile("[a-z][a-z0-9-]{0,62}");
    private static final String RESOURCE = "purchase-order.yaml";

    record Config(URI url, Path keyFile, int warmup, int creates, int unchanged) {
        Config {
            if (creates < 1 || unchanged < 0 || warmup < 0) {
                throw new IllegalArgumentException("--creates must be ≥ 1, --unchanged and --apply-warmup ≥ 0");
            }
        }
    }

    record Result(Config config, Percentiles create, Percentiles unchanged, double createsPerSecond,
                  String lastSchemaPath, String loadBefore, String loadAfter, String cpu) {

        String render() {
            StringBuilder out = new StringBuilder();
            out.append("Apply of docs/examples/purchase-order.yaml over HTTP (").append(config.url())
                    .append(", sequential, 1 connection)\n");
            Table table = new Table("request", "n", "p50", "p90", "p99", "max", "mean", "unit");
            table.row("POST new name -> 201 (create)", create.count(), Table.millis(create.nanos(50)),
                    Table.millis(create.nanos(90)), Table.millis(create.nanos(99)), Table.millis(create.maxNanos()),
                    Table.millis(create.meanNanos()), "ms");
            if (unchanged != null) {
                table.row("POST same again -> 204 (unchanged)", unchanged.count(),
                        Table.millis(unchanged.nanos(50)), Table.millis(unchanged.nanos(90)),
                        Table.millis(unchanged.nanos(99)), Table.millis(unchanged.maxNanos()),
                        Table.millis(unchanged.meanNanos()), "ms");
            }
            out.append(table.render("  "));
            out.append(String.format(Locale.ROOT, "  %.1f creates/s sequential; warm-up %d create(s) and %d"
                    + " unchanged, not counted; nearest-rank percentiles%s%n",
                    createsPerSecond, config.warmup(), config.unchanged() > 0 ? config.warmup() : 0,
                    create.count() < 100 ? " (below 100 samples p99 is the max)" : ""));
            out.append("  last schema: ").append(lastSchemaPath).append('\n');
            out.append("  loadavg before/after: ").append(loadBefore).append(" / ").append(loadAfter)
                    .append("; ").append(cpu).append(" (the server is another process)\n");
            return out.toString();
        }
    }

    /** The server cannot be used: not running, not loopback, or no key. The message says what to do. */
    static final class Unavailable extends Exception {
        private static final long serialVersionUID = 1L;

        Unavailable(String message) {
            super(message);
        }
    }

    private final Config config;
    private final HttpClient client;

    private ApplyBenchmark(Config config) {
        this.config = config;
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(3))
                .build();
    }

    /** Standalone: {@code ApplyBenchmark [--url U] [--key-file F] [--creates N] [--unchanged N]}. */
    public static void main(String[] args) throws Exception {
        Benchmarks.Options options;
        try {
            options = Benchmarks.Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        System.out.print(Machine.header());
        try {
            System.out.print(run(options.applyConfig(), System.out).render());
        } catch (Unavailable e) {
            System.err.println(e.getMessage());
            System.exit(2);
        }
    }

    /** Refuses anything but http(s) to a loopback host, and normalises a trailing slash or /api/v1. */
    static URI checkedUrl(String text) {
        URI uri;
        try {
            uri = new URI(text.trim());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("--url " + text + " is not a URL: " + e.getMessage());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("--url must be http:// or https://, got " + text);
        }
        String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
        if (!LOOPBACK.contains(host) || uri.getUserInfo() != null) {
            throw new IllegalArgumentException("--url " + text + " refused: the apply benchmark sends an admin"
                    + " key and creates tables, so it only talks to 127.0.0.1, localhost or ::1");
        }
        String path = uri.getPath() == null ? "" : uri.getPath();
        path = path.replaceAll("/+$", "");
        if (path.endsWith("/api/v1")) {
            path = path.substring(0, path.length() - "/api/v1".length());
        }
        return URI.create(scheme + "://" + uri.getRawAuthority() + path);
    }

    /** True when {@code GET <url>/health/ready} answers 200 within a few seconds. */
    static boolean ready(URI url) {
        HttpClient probe = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2)).build();
        try {
            HttpResponse<Void> response = probe.send(HttpRequest.newBuilder(url.resolve("/health/ready"))
                    .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    static String notReadyMessage(URI url) {
        return "No Velocity server answers " + url.resolve("/health/ready") + " with 200.\n" + START_HINT;
    }

    static Result run(Config config, PrintStream progress) throws Unavailable, IOException, InterruptedException {
        if (!ready(config.url())) {
            throw new Unavailable(notReadyMessage(config.url()));
        }
        return new ApplyBenchmark(config).measure(progress);
    }

    private Result measure(PrintStream progress) throws Unavailable, IOException, InterruptedException {
        String loadBefore = Machine.loadAverage();
        Machine.CpuSample cpuStart = Machine.CpuSample.now();
        String key = readKey(config.keyFile());
        String manifest = exampleManifest();
        String prefix = "bench-" + random8();
        URI schemas = config.url().resolve("/api/v1/schemas");

        progress.println("... apply: " + config.warmup() + " warm-up + " + config.creates() + " creates as "
                + prefix + "-*");
        for (int i = 0; i < config.warmup(); i++) {
            send(schemas, key, withName(manifest, prefix + "-w" + i), 201);
        }
        long[] created = new long[config.creates()];
        String last = null;
        String lastPath = null;
        long started = System.nanoTime();
        for (int i = 0; i < created.length; i++) {
            last = withName(manifest, prefix + "-" + i);
            long start = System.nanoTime();
            HttpResponse<String> response = send(schemas, key, last, 201);
            created[i] = System.nanoTime() - start;
            lastPath = schemaPath(response.body());
        }
        double perSecond = created.length / ((System.nanoTime() - started) / 1e9);

        Percentiles unchanged = null;
        if (config.unchanged() > 0) {
            progress.println("... apply: " + config.warmup() + " warm-up + " + config.unchanged()
                    + " unchanged re-applies of " + lastPath);
            for (int i = 0; i < config.warmup(); i++) {
                send(schemas, key, last, 204);
            }
            long[] same = new long[config.unchanged()];
            for (int i = 0; i < same.length; i++) {
                long start = System.nanoTime();
                send(schemas, key, last, 204);
                same[i] = System.nanoTime() - start;
            }
            unchanged = new Percentiles(same, same.length);
        }
        return new Result(config, new Percentiles(created, created.length), unchanged, perSecond, lastPath,
                loadBefore, Machine.loadAverage(), Machine.CpuSample.now().since(cpuStart));
    }

    private HttpResponse<String> send(URI schemas, String key, String manifest, int expected)
            throws Unavailable, IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(schemas)
                .timeout(Duration.ofSeconds(120))
                .header("Content-Type", "application/yaml")
                .header("Accept", "application/json")
                .header("Authorization", "Bearer " + key)
                .POST(HttpRequest.BodyPublishers.ofString(manifest, StandardCharsets.UTF_8))
                .build();
        HttpResponse<String> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (ConnectException | HttpTimeoutException e) {
            throw new Unavailable("The server at " + config.url() + " stopped answering (" + e + ").\n" + START_HINT);
        }
        if (response.statusCode() != expected) {
            String body = response.body() == null ? "" : response.body();
            String hint = switch (response.statusCode()) {
                case 401 -> "\nThe key in " + config.keyFile() + " was refused: it belongs to another database,"
                        + " or was revoked. Pass a valid admin key with --key-file.";
                case 403 -> "\nThe key is valid but may not apply schemas in namespace acme.";
                default -> "";
            };
            throw new IllegalStateException("POST " + schemas + " answered " + response.statusCode() + ", expected "
                    + expected + ": " + (body.length() > 600 ? body.substring(0, 600) + "..." : body) + hint);
        }
        return response;
    }

    static String readKey(Path file) throws Unavailable {
        try {
            String key = Files.readString(file, StandardCharsets.UTF_8).trim();
            if (key.isEmpty() || key.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
                throw new Unavailable("The key file " + file + " does not hold one API key.");
            }
            return key;
        } catch (java.nio.file.NoSuchFileException e) {
            throw new Unavailable("No key file at " + file + ". The run command writes it on the first start of an"
                    + " empty database (target/devstack/bootstrap-admin.key); if it was deleted, pass an admin key"
                    + " with --key-file.");
        } catch (IOException e) {
            throw new Unavailable("Cannot read the key file " + file + ": " + e.getMessage());
        }
    }

    static String exampleManifest() throws IOException {
        try (InputStream in = ApplyBenchmark.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IOException("resource " + RESOURCE + " is missing from the benchmark jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The manifest with {@code metadata.name} replaced; fails unless exactly one line was replaced. */
    static String withName(String manifest, String name) {
        if (!VALID_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("invalid schema name " + name);
        }
        Matcher m = NAME_LINE.matcher(manifest);
        if (!m.find()) {
            throw new IllegalStateException("the example manifest has no 'name: purchase-order' line");
        }
        String replaced = m.replaceFirst(Matcher.quoteReplacement(m.group(1) + name));
        if (NAME_LINE.matcher(replaced).find()) {
            throw new IllegalStateException("the example manifest has more than one 'name: purchase-order' line");
        }
        return replaced;
    }

    static String random8() {
        SecureRandom random = new SecureRandom();
        String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
        StringBuilder s = new StringBuilder(8);
        for (int i = 0; i < 8; i++) {
            s.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return s.toString();
    }

    /** The "schemaPath" of a 201 body, without a JSON library (the body is small and flat). */
    static String schemaPath(String body) {
        Matcher m = Pattern.compile("\"schemaPath\"\\s*:\\s*\"([^\"]{1,300})\"").matcher(body == null ? "" : body);
        return m.find() ? m.group(1) : "?";
    }
}
