package sh.velocity.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import sh.velocity.auth.domain.ApiKeyCodec;
import sh.velocity.auth.domain.jwt.AccessTokenIssuer;
import sh.velocity.auth.domain.jwt.AccessTokenRequest;
import sh.velocity.auth.domain.jwt.AccessTokenVerifier;
import sh.velocity.auth.domain.jwt.JwtKeys;
import sh.velocity.auth.domain.jwt.VerificationResult;
import sh.velocity.auth.domain.jwt.VerifiedAccessToken;

/**
 * Added latency per request of API-key and of JWT authentication against a running server whose
 * Redis is on loopback (issue 5, acceptance 7), and, in the same run, the in-process cost of the
 * two verifications without HTTP.
 *
 * <p><b>Why these requests.</b> {@code RequestFilter} authenticates {@code /api/} requests only
 * (ADR 0022): it verifies the {@code Authorization: Bearer} credential, spends the rate-limit buckets
 * (one Lua script in Redis) and refuses a request without a verified principal with 401 and an audit
 * insert. The only {@code /api/} calls it lets through without a credential are login (an Argon2id
 * hash) and refresh (a database lookup and a write): no {@code /api/} request can serve as an
 * unauthenticated baseline that does the same work, and a credential sent to any other path is not
 * looked at. Hence two families of requests:
 *
 * <ul>
 *   <li><b>JWKS</b>, {@code GET /.well-known/jwks.json} without a credential → 200: a servlet of the
 *       application; it passes the common part of {@code RequestFilter} (request id, security
 *       headers, body limit) and serves the public key set from memory, with no database or Redis
 *       access: the floor of a request to this application.</li>
 *   <li><b>API</b>, {@code OPTIONS /api/v1/schemas} → 200: answered by JAX-RS itself ({@code Allow}
 *       header, 24-byte body), so no resource method, authorization check, transaction or database
 *       access runs: the cheapest authenticated API call. With the API key and with the JWT it is the
 *       JWKS work plus the verification, the admission script in Redis and JAX-RS dispatch, so its
 *       difference to JWKS is an upper bound of what authenticating adds. For a key the verification
 *       is the format and checksum check, SHA-256, the row by hash (from {@code platform.api_keys} or,
 *       for five seconds after, a copy: ADR 0021) and one Redis {@code EXISTS} (revocation list); for a
 *       token, the ES256 signature and claim checks and two Redis {@code EXISTS} (session family,
 *       token id). Without a credential it is refused with 401 after the admission script and an
 *       audit insert in its own transaction; it is measured because it is what an anonymous caller
 *       costs, and the difference to it is <em>not</em> the cost of authentication. Not a GET of a schema that does not exist: Liberty
 *       answers every 404 (and 405) with {@code Connection: close}, so the next measured request would
 *       pay for a new TCP connection.</li>
 * </ul>
 *
 * <p>Requests are sequential, over one keep-alive HTTP/1.1 connection, each timed from just before
 * {@code send} to the end of the body. W + N rounds (W unmeasured); each round sends one request of
 * every kind, in an order shuffled per round, so that drift (JIT, GC, the other load on a shared
 * machine) and any effect of the preceding request fall on every kind alike. Should a response close
 * the connection anyway, an unmeasured request reopens it, so that no measured request includes a TCP
 * connect; the report counts such responses. The JWT is renewed by a new login, outside the timing,
 * after 80 % of its lifetime or on a 401.
 *
 * <p>In-process (in this JVM, not Liberty's): {@link AccessTokenVerifier#verify} of distinct tokens
 * from {@link AccessTokenIssuer} with a freshly generated {@link JwtKeys} set, and what the API-key
 * verifier computes besides its lookups ({@link ApiKeyCodec#hasValidFormat}, {@link ApiKeyCodec#hashHex},
 * {@link ApiKeyCodec#constantTimeEquals}) on distinct keys, alternating, after
 * {@value #IN_PROCESS_WARMUP} unmeasured calls of each.
 *
 * <p>Setup, with the admin key: a user {@code bench-xxxxxx} with role {@code reader} and a random
 * password, and a {@code reader} API key {@code bench-auth-xxxxxxxx} valid for a day; both stay in the
 * database, as does one audit event per unauthenticated request. Loopback servers only.
 */
final class AuthLatencyBenchmark {

    static final int IN_PROCESS_WARMUP = 20_000;
    static final String JWKS = "/.well-known/jwks.json";
    static final String API = "/api/v1/schemas";

    private static final String ISSUER = "velocity-bench";
    private static final String AUDIENCE = "velocity-bench-api";
    private static final double RENEW_AFTER = 0.8;

    record Config(URI url, Path keyFile, int warmup, int requests) {
        Config {
            if (requests < 1 || warmup < 0) {
                throw new IllegalArgumentException("--auth-requests must be ≥ 1 and --auth-warmup ≥ 0");
            }
        }
    }

    /** The kinds of request, each sent once per round. */
    enum Kind {
        JWKS_NONE("GET jwks.json, no credential -> 200", "GET", JWKS, Credential.NONE, 200),
        API_NONE("OPTIONS /api/v1/schemas, no credential -> 401", "OPTIONS", API, Credential.NONE, 401),
        API_KEY("OPTIONS /api/v1/schemas, API key -> 200", "OPTIONS", API, Credential.API_KEY, 200),
        API_JWT("OPTIONS /api/v1/schemas, JWT -> 200", "OPTIONS", API, Credential.JWT, 200);

        final String label;
        final String method;
        final String path;
        final Credential credential;
        final int expected;

        Kind(String label, String method, String path, Credential credential, int expected) {
            this.label = label;
            this.method = method;
            this.path = path;
            this.credential = credential;
            this.expected = expected;
        }
    }

    enum Credential { NONE, API_KEY, JWT }

    /** One in-process measurement. */
    record Local(String label, Percentiles latency) {
    }

    record Result(Config config, String user, String keyName, Map<Kind, Percentiles> latency,
                  Map<String, Long> errors, List<String> errorSamples, Map<Kind, Integer> closed, int logins,
                  List<Local> local, String localCpu, String loadBefore, String loadAfter, String cpu, Machine.Use use,
                  double seconds) {

        String render() {
            StringBuilder out = new StringBuilder();
            out.append("Authentication latency over HTTP (").append(config.url()).append(", sequential, 1 connection, ")
                    .append(Table.count(config.warmup())).append(" warm-up + ").append(Table.count(config.requests()))
                    .append(" measured per kind, kinds interleaved in a shuffled order per round)\n");
            Table table = new Table("request", "n", "p50", "p90", "p99", "max", "mean", "unit");
            for (Kind kind : Kind.values()) {
                Percentiles p = latency.get(kind);
                if (p == null) {
                    table.row(kind.label, 0, "-", "-", "-", "-", "-", "us");
                } else {
                    table.row(kind.label, Table.count(p.count()), Table.micros(p.nanos(50)), Table.micros(p.nanos(90)),
                            Table.micros(p.nanos(99)), Table.micros(p.maxNanos()), Table.micros((long) p.meanNanos()),
                            "us");
                }
            }
            out.append(table.render("  "));
            out.append("\n  Differences (of the two rows' percentiles, not percentiles of per-request differences):\n");
            Table diff = new Table("difference", "p50", "p99", "unit");
            diff(diff, "API key: api 200 - jwks (auth + admission + JAX-RS: upper bound)", Kind.API_KEY,
                    Kind.JWKS_NONE);
            diff(diff, "JWT: api 200 - jwks (auth + admission + JAX-RS: upper bound)", Kind.API_JWT, Kind.JWKS_NONE);
            diff(diff, "JWT vs API key (api: JWT - API key)", Kind.API_JWT, Kind.API_KEY);
            diff(diff, "api: API key 200 - unauthenticated 401 (not auth cost)", Kind.API_KEY, Kind.API_NONE);
            diff(diff, "api: JWT 200 - unauthenticated 401 (not auth cost)", Kind.API_JWT, Kind.API_NONE);
            out.append(diff.render("  "));
            out.append("\n  In-process verification (this JVM, no HTTP, no database, no Redis), ")
                    .append(Table.count(IN_PROCESS_WARMUP)).append(" warm-up calls each:\n");
            Table inProcess = new Table("operation", "n", "p50", "p90", "p99", "max", "mean", "unit");
            for (Local l : local) {
                Percentiles p = l.latency();
                inProcess.row(l.label(), Table.count(p.count()), Table.micros(p.nanos(50)), Table.micros(p.nanos(90)),
                        Table.micros(p.nanos(99)), Table.micros(p.maxNanos()), Table.micros((long) p.meanNanos()),
                        "us");
            }
            out.append(inProcess.render("  "));
            out.append("  in-process phase: ").append(localCpu).append('\n');
            long total = (long) (config.warmup() + config.requests()) * Kind.values().length;
            out.append(String.format(Locale.ROOT, "  %s HTTP requests in %.1f s; nearest-rank percentiles; user %s"
                    + " (role reader), API key %s (role reader); %d login(s)%n", Table.count(total), seconds, user,
                    keyName, logins));
            out.append("  errors: ");
            if (errors.isEmpty()) {
                out.append("0\n");
            } else {
                errors.forEach((k, v) -> out.append(k).append(" x").append(v).append("; "));
                out.append('\n');
                errorSamples.forEach(s -> out.append("    error sample: ").append(s.replace('\n', ' ')).append('\n'));
            }
            closed.forEach((k, v) -> out.append("  ").append(k.label).append(": ").append(v)
                    .append(" response(s) closed the connection (reopened by an unmeasured request)\n"));
            out.append("  loadavg before/after: ").append(loadBefore).append(" / ").append(loadAfter).append("; ")
                    .append(cpu).append('\n');
            out.append("    ").append(use.shares()).append('\n');
            out.append("    CPU ms per HTTP request, all kinds: Liberty ")
                    .append(use.millisPer("Liberty", total)).append(", PostgreSQL ")
                    .append(use.millisPer("PostgreSQL", total)).append(", Redis ").append(use.millisPer("Redis", total))
                    .append(", bench JVM ").append(use.millisPer("bench JVM", total)).append('\n');
            return out.toString();
        }

        private void diff(Table table, String label, Kind a, Kind b) {
            Percentiles x = latency.get(a);
            Percentiles y = latency.get(b);
            if (x == null || y == null) {
                table.row(label, "-", "-", "us");
                return;
            }
            table.row(label, signed(x.nanos(50) - y.nanos(50)), signed(x.nanos(99) - y.nanos(99)), "us");
        }

        private static String signed(long nanos) {
            return (nanos > 0 ? "+" : "") + Table.micros(nanos);
        }
    }

    private static final Pattern ACCESS_TOKEN = Pattern.compile("\"accessToken\"\\s*:\\s*\"([A-Za-z0-9_.-]{1,8192})\"");
    private static final Pattern EXPIRES_IN = Pattern.compile("\"expiresIn\"\\s*:\\s*(\\d{1,9})");
    private static final Pattern KEY = Pattern.compile("\"key\"\\s*:\\s*\"([!-~&&[^\"]]{1,256})\"");

    private final Config config;
    private final Server server;
    private final HttpClient client;
    private final Map<Kind, HttpRequest> requests = new EnumMap<>(Kind.class);
    private final Map<String, Long> errors = new TreeMap<>();
    private final List<String> errorSamples = new ArrayList<>();
    private final Map<Kind, Integer> closed = new EnumMap<>(Kind.class);
    private String username;
    private String password;
    private String apiKey;
    private long tokenRenewAt;
    private int logins;

    private AuthLatencyBenchmark(Config config, Server server) {
        this.config = config;
        this.server = server;
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(3))
                .build();
    }

    /** Checks the server and the key file first; {@link ApplyBenchmark.Unavailable} says what to do. */
    static Result run(Config config, PrintStream progress) throws ApplyBenchmark.Unavailable, IOException,
            InterruptedException {
        Server server = Server.connect(config.url(), config.keyFile());
        Postgres.discover().ifPresent(Postgres::watch);
        return new AuthLatencyBenchmark(config, server).measure(progress);
    }

    private Result measure(PrintStream progress) throws ApplyBenchmark.Unavailable, IOException,
            InterruptedException {
        String keyName = setUp(progress);

        progress.println("... auth: in-process, " + IN_PROCESS_WARMUP + " warm-up + " + config.requests()
                + " measured JWT verifications and API-key checks");
        String localLoad = Machine.loadAverage();
        Machine.CpuSample localCpu = Machine.CpuSample.now();
        Machine.ProcessCpu localProcesses = Machine.ProcessCpu.now();
        List<Local> local = inProcess(config.requests());
        String localSummary = "loadavg before/after " + localLoad + " / " + Machine.loadAverage() + "; "
                + Machine.CpuSample.now().since(localCpu) + "\n    "
                + Machine.ProcessCpu.now().since(localProcesses).shares();

        for (Kind kind : Kind.values()) {
            HttpResponse<byte[]> response = send(kind);
            if (response.statusCode() != kind.expected) {
                throw new IllegalStateException(kind.label + " answered " + response.statusCode() + ", expected "
                        + kind.expected + ": " + body(response));
            }
        }
        progress.println("... auth: " + config.warmup() + " warm-up + " + config.requests() + " measured rounds of "
                + Kind.values().length + " requests");
        String loadBefore = Machine.loadAverage();
        Machine.CpuSample cpuStart = Machine.CpuSample.now();
        Machine.ProcessCpu processStart = Machine.ProcessCpu.now();
        long started = System.nanoTime();
        Kind[] order = Kind.values().clone();
        long[][] samples = new long[order.length][config.requests()];
        int[] counts = new int[order.length];
        SplittableRandom random = new SplittableRandom(0x5eed_a17L);
        int rounds = config.warmup() + config.requests();
        for (int round = 0; round < rounds; round++) {
            shuffle(order, random);
            boolean measured = round >= config.warmup();
            for (Kind kind : order) {
                long nanos = timed(kind);
                if (measured && nanos >= 0) {
                    samples[kind.ordinal()][counts[kind.ordinal()]++] = nanos;
                }
            }
            if ((round + 1) % 5_000 == 0) {
                progress.println("    " + (round + 1) + " of " + rounds + " rounds");
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        Map<Kind, Percentiles> latency = new EnumMap<>(Kind.class);
        for (Kind kind : Kind.values()) {
            if (counts[kind.ordinal()] > 0) {
                latency.put(kind, new Percentiles(samples[kind.ordinal()], counts[kind.ordinal()]));
            }
        }
        return new Result(config, username, keyName, latency, errors, errorSamples, closed, logins, local,
                localSummary, loadBefore, Machine.loadAverage(), Machine.CpuSample.now().since(cpuStart),
                Machine.ProcessCpu.now().since(processStart), seconds);
    }

    /** One request of {@code kind}, timed; -1 when it failed (counted), after a re-login for a refused token. */
    private long timed(Kind kind) throws ApplyBenchmark.Unavailable, IOException, InterruptedException {
        if (kind.credential == Credential.JWT && System.nanoTime() - tokenRenewAt > 0) {
            login();
        }
        for (int attempt = 0; attempt < 2; attempt++) {
            HttpRequest request = requests.get(kind);
            long start = System.nanoTime();
            HttpResponse<byte[]> response;
            try {
                response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
            } catch (ConnectException | HttpTimeoutException e) {
                throw new ApplyBenchmark.Unavailable("The server at " + config.url() + " stopped answering (" + e
                        + ").\n" + ApplyBenchmark.START_HINT);
            } catch (IOException e) {
                error(kind, e.getClass().getSimpleName(), String.valueOf(e.getMessage()));
                return -1;
            }
            long nanos = System.nanoTime() - start;
            if (response.headers().firstValue("Connection").map(v -> v.equalsIgnoreCase("close")).orElse(false)) {
                closed.merge(kind, 1, Integer::sum);
                send(Kind.JWKS_NONE);
            }
            if (response.statusCode() == kind.expected) {
                return nanos;
            }
            error(kind, "HTTP " + response.statusCode(), body(response));
            if (response.statusCode() != 401 || kind.credential != Credential.JWT) {
                return -1;
            }
            login(); // the access token was refused: log in again and repeat the request once
        }
        return -1;
    }

    private HttpResponse<byte[]> send(Kind kind) throws ApplyBenchmark.Unavailable, IOException,
            InterruptedException {
        try {
            return client.send(requests.get(kind), HttpResponse.BodyHandlers.ofByteArray());
        } catch (ConnectException | HttpTimeoutException e) {
            throw new ApplyBenchmark.Unavailable("The server at " + config.url() + " stopped answering (" + e + ").\n"
                    + ApplyBenchmark.START_HINT);
        }
    }

    private void error(Kind kind, String what, String detail) {
        errors.merge(kind.name() + " " + what, 1L, Long::sum);
        if (errorSamples.size() < 3) {
            String text = kind.label + ": " + what + " " + detail;
            errorSamples.add(text.length() > 400 ? text.substring(0, 400) + "..." : text);
        }
    }

    // ------------------------------------------------------------------------------------------------ setup

    /** Creates the reader user and the reader API key with the admin key, logs in; returns the key's name. */
    private String setUp(PrintStream progress) throws ApplyBenchmark.Unavailable, IOException, InterruptedException {
        username = "bench-" + randomLower(6);
        password = strongPassword();
        server.send(server.request(config.url().resolve("/api/v1/users"))
                .header("Content-Type", "application/json")
                .POST(json("{\"username\":\"" + username + "\",\"password\":\"" + password
                        + "\",\"roles\":[\"reader\"]}")), 201);
        String keyName = "bench-auth-" + ApplyBenchmark.random8();
        HttpResponse<String> created = server.send(server.request(config.url().resolve("/api/v1/api-keys"))
                .header("Content-Type", "application/json")
                .POST(json("{\"name\":\"" + keyName + "\",\"ttl\":\"1d\",\"roles\":[\"reader\"]}")), 201);
        apiKey = group(KEY, created.body(), "key");
        progress.println("... auth: user " + username + " and API key " + keyName + " (role reader) created");
        login();
        for (Kind kind : Kind.values()) {
            if (kind.credential != Credential.JWT) {
                requests.put(kind, request(kind, kind.credential == Credential.API_KEY ? apiKey : null));
            }
        }
        return keyName;
    }

    /** POST /api/v1/auth/login without any credential header, as a user would; renews the JWT requests. */
    private void login() throws ApplyBenchmark.Unavailable, IOException, InterruptedException {
        HttpResponse<String> response = server.send(HttpRequest.newBuilder(config.url().resolve("/api/v1/auth/login"))
                .header("Accept", "application/json")
                .header("Content-Type", "application/json")
                .POST(json("{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}")), 200);
        String token = group(ACCESS_TOKEN, response.body(), "accessToken");
        long lifetime = Long.parseLong(group(EXPIRES_IN, response.body(), "expiresIn"));
        tokenRenewAt = System.nanoTime() + (long) (lifetime * RENEW_AFTER * 1e9);
        logins++;
        for (Kind kind : Kind.values()) {
            if (kind.credential == Credential.JWT) {
                requests.put(kind, request(kind, token));
            }
        }
    }

    private HttpRequest request(Kind kind, String bearer) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(config.url().resolve(kind.path))
                .timeout(Duration.ofSeconds(30))
                .header("Accept", "application/json")
                .method(kind.method, HttpRequest.BodyPublishers.noBody());
        if (bearer != null) {
            builder.header("Authorization", "Bearer " + bearer);
        }
        return builder.build();
    }

    private static HttpRequest.BodyPublisher json(String body) {
        return HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8);
    }

    private static String group(Pattern pattern, String body, String name) {
        Matcher m = pattern.matcher(body == null ? "" : body);
        if (!m.find()) {
            throw new IllegalStateException("no \"" + name + "\" in the response");
        }
        return m.group(1);
    }

    private static String body(HttpResponse<byte[]> response) {
        String text = new String(response.body(), StandardCharsets.UTF_8);
        return text.length() > 400 ? text.substring(0, 400) + "..." : text;
    }

    private static String randomLower(int length) {
        SecureRandom random = new SecureRandom();
        StringBuilder s = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            s.append((char) ('a' + random.nextInt(26)));
        }
        return s.toString();
    }

    /** 24 characters, at least one of each class the password policy asks for; no JSON escapes needed. */
    static String strongPassword() {
        String[] classes = {"ABCDEFGHJKLMNPQRSTUVWXYZ", "abcdefghijkmnopqrstuvwxyz", "23456789", "!#$%&()*+,-.:;<=>?@^_~"};
        SecureRandom random = new SecureRandom();
        char[] password = new char[24];
        for (int i = 0; i < password.length; i++) {
            String from = classes[i < classes.length ? i : random.nextInt(classes.length)];
            password[i] = from.charAt(random.nextInt(from.length()));
        }
        for (int i = password.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            char c = password[i];
            password[i] = password[j];
            password[j] = c;
        }
        return new String(password);
    }

    private static <T> void shuffle(T[] items, SplittableRandom random) {
        for (int i = items.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            T t = items[i];
            items[i] = items[j];
            items[j] = t;
        }
    }

    // ----------------------------------------------------------------------------------------- in-process

    /** Alternating JWT verification and API-key checks on distinct credentials; every outcome is checked. */
    static List<Local> inProcess(int n) {
        Clock clock = Clock.systemUTC();
        JwtKeys keys = JwtKeys.generate(clock);
        AccessTokenIssuer issuer = new AccessTokenIssuer(keys);
        AccessTokenVerifier verifier = new AccessTokenVerifier(keys, ISSUER, AUDIENCE, clock);
        ApiKeyCodec codec = new ApiKeyCodec();
        String[] tokens = new String[n];
        String[] apiKeys = new String[n];
        String[] hashes = new String[n];
        for (int i = 0; i < n; i++) {
            tokens[i] = issuer.issue(AccessTokenRequest.of("user:bench", ISSUER, AUDIENCE,
                    UUID.randomUUID().toString(), clock));
            var generated = codec.generate("dev");
            apiKeys[i] = generated.plaintext();
            hashes[i] = generated.hashHex();
        }
        for (int i = 0; i < IN_PROCESS_WARMUP; i++) {
            checkToken(verifier.verify(tokens[i % n]));
            checkKey(codec, apiKeys[i % n], hashes[i % n]);
        }
        long[] jwt = new long[n];
        long[] key = new long[n];
        for (int i = 0; i < n; i++) {
            long start = System.nanoTime();
            VerificationResult result = verifier.verify(tokens[i]);
            jwt[i] = System.nanoTime() - start;
            checkToken(result);
            start = System.nanoTime();
            boolean ok = checkKey(codec, apiKeys[i], hashes[i]);
            key[i] = System.nanoTime() - start;
            if (!ok) {
                throw new IllegalStateException("a generated API key did not check");
            }
        }
        return List.of(new Local("AccessTokenVerifier.verify (ES256 + header/claims)", new Percentiles(jwt, n)),
                new Local("ApiKeyCodec format+checksum, SHA-256 hex, constant-time compare", new Percentiles(key, n)));
    }

    private static void checkToken(VerificationResult result) {
        if (!(result instanceof VerifiedAccessToken)) {
            throw new IllegalStateException("a freshly issued token was refused: " + result);
        }
    }

    private static boolean checkKey(ApiKeyCodec codec, String key, String storedHash) {
        return codec.hasValidFormat(key) && ApiKeyCodec.constantTimeEquals(codec.hashHex(key), storedHash);
    }
}
