package sh.velocity.it.stack;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.ServerSocket;
import redis.embedded.RedisServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.List;
import sh.velocity.migrate.ContextMigrations;
import sh.velocity.opensearch.LocalOpenSearch;
import sh.velocity.migrate.DatabaseTarget;
import sh.velocity.migrate.RoleBootstrap;

/**
 * The real services under the integration tests: a PostgreSQL (embedded, on a free port, unless
 * {@code VELOCITY_TEST_PG_HOST}/{@code _PORT}/{@code _USER}/{@code _PASSWORD} name an external
 * cluster admin), a database of its own, created, migrated with the project's migrate step, and
 * dropped afterwards; and the Liberty server's configuration pointing at it.
 */
public final class TestStack {

    private static TestStack current;

    private final EmbeddedPostgres embedded;
    private final String host;
    private final int port;
    private final String adminUser;
    private final String adminPassword;
    private final DatabaseTarget target;
    private final Path bootstrapKeyFile;
    private final RedisServer redis;
    private final DrainEndpoints drains;
    private final LocalOpenSearch openSearch;
    private final String searchUrl;

    private TestStack(EmbeddedPostgres embedded, String host, int port, String adminUser, String adminPassword,
                      DatabaseTarget target, Path bootstrapKeyFile, RedisServer redis, DrainEndpoints drains,
                      LocalOpenSearch openSearch, String searchUrl) {
        this.openSearch = openSearch;
        this.searchUrl = searchUrl;
        this.redis = redis;
        this.drains = drains;
        this.embedded = embedded;
        this.host = host;
        this.port = port;
        this.adminUser = adminUser;
        this.adminPassword = adminPassword;
        this.target = target;
        this.bootstrapKeyFile = bootstrapKeyFile;
    }

    public static synchronized TestStack current() {
        if (current == null) {
            throw new IllegalStateException("the test stack is not running");
        }
        return current;
    }

    static synchronized void start() throws Exception {
        if (current != null) {
            return;
        }
        String externalHost = System.getenv("VELOCITY_TEST_PG_HOST");
        EmbeddedPostgres embedded = null;
        String host;
        int port;
        String adminUser;
        String adminPassword;
        if (externalHost != null && !externalHost.isBlank()) {
            host = externalHost;
            port = Integer.parseInt(System.getenv().getOrDefault("VELOCITY_TEST_PG_PORT", "5432"));
            adminUser = System.getenv().getOrDefault("VELOCITY_TEST_PG_USER", "postgres");
            adminPassword = System.getenv().getOrDefault("VELOCITY_TEST_PG_PASSWORD", "");
        } else {
            embedded = EmbeddedPostgres.builder().start();
            host = "127.0.0.1";
            port = embedded.getPort();
            adminUser = "postgres";
            adminPassword = "";
        }
        String database = "velocity_it_" + hex(6);
        DatabaseTarget target = new DatabaseTarget(host, port, database, "disable", "velocity_api", hex(16),
                "velocity_owner", hex(16));
        try (Connection admin = DriverManager.getConnection(
                "jdbc:postgresql://" + host + ":" + port + "/postgres", adminUser, adminPassword)) {
            RoleBootstrap.run(admin, target);
        }
        ContextMigrations.migrate(target);

        Path serverDir = Path.of(System.getProperty("it.wlp.dir"), "usr", "servers",
                System.getProperty("it.server.name"));
        Path keyFile = serverDir.resolve("bootstrap-admin.key");
        Files.deleteIfExists(keyFile);
        String redisUrl = System.getenv("VELOCITY_TEST_REDIS_URL");
        RedisServer redis = null;
        if (redisUrl == null || redisUrl.isBlank()) {
            int redisPort = freePort();
            redis = RedisServer.newRedisServer().port(redisPort).bind("127.0.0.1").setting("save \"\"")
                    .setting("appendonly no").build();
            redis.start();
            redisUrl = "redis://127.0.0.1:" + redisPort;
        }
        DrainEndpoints drains = DrainEndpoints.create(serverDir);
        // The search engine starts while Liberty does; the server copes with it not answering yet
        // (searches use tier 2, the relay retries), and tests that need it call awaitSearchEngine().
        String searchUrl = System.getenv("VELOCITY_TEST_OPENSEARCH_URL");
        LocalOpenSearch openSearch = null;
        if (searchUrl == null || searchUrl.isBlank()) {
            openSearch = LocalOpenSearch.prepare(Path.of(System.getProperty("it.opensearch.zip")),
                    Path.of(System.getProperty("it.opensearch.home")), 0, "384m").withoutData().start();
            searchUrl = openSearch.url().toString();
            // A child process outlives this JVM unless stopped: also when the suite never reaches stop()
            // (Liberty failed to start, the run was interrupted).
            LocalOpenSearch started = openSearch;
            Runtime.getRuntime().addShutdownHook(new Thread(started::stop, "stop-test-opensearch"));
        }
        writeServerOverrides(serverDir, target, keyFile, redisUrl, drains, searchUrl, kekFile(serverDir));
        current = new TestStack(embedded, host, port, adminUser, adminPassword, target, keyFile, redis, drains,
                openSearch, searchUrl);
    }

    static synchronized void stop() throws Exception {
        if (current == null) {
            return;
        }
        TestStack stack = current;
        current = null;
        if (stack.openSearch != null) {
            stack.openSearch.stop();
        }
        if (stack.redis != null) {
            stack.redis.stop();
        }
        if (stack.embedded != null) {
            stack.embedded.close();
            return;
        }
        try (Connection admin = stack.adminConnection("postgres"); Statement st = admin.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS \"" + stack.target.database() + "\" WITH (FORCE)");
        }
    }

    /**
     * The key-encryption key of field encryption, as a deployment provides it: a file with the base64
     * of 32 random bytes, owner-only. Made once per server directory.
     */
    private static Path kekFile(Path serverDir) throws IOException {
        Path file = serverDir.resolve("velocity-kek.key");
        if (!Files.exists(file)) {
            Files.createDirectories(serverDir);
            byte[] kek = new byte[32];
            new SecureRandom().nextBytes(kek);
            Files.createFile(file, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                    java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, java.util.Base64.getEncoder().encodeToString(kek), StandardCharsets.US_ASCII);
        }
        return file;
    }

    private static void writeServerOverrides(Path serverDir, DatabaseTarget t, Path keyFile, String redisUrl,
                                             DrainEndpoints drains, String searchUrl, Path kekFile)
            throws IOException {
        String xml = """
                <?xml version="1.0" encoding="UTF-8"?>
                <server>
                    <variable name="velocity.http.port" value="%s"/>
                    <variable name="velocity.https.port" value="%s"/>
                    <variable name="velocity.db.host" value="%s"/>
                    <variable name="velocity.db.port" value="%d"/>
                    <variable name="velocity.db.name" value="%s"/>
                    <variable name="velocity.db.user" value="%s"/>
                    <variable name="velocity.db.sslmode" value="disable"/>
                    <variable name="velocity.bootstrap.key-file" value="%s"/>
                    <variable name="velocity.redis.url" value="%s"/>
                    <variable name="velocity.search.url" value="%s"/>
                    <variable name="velocity.search.max-lag-seconds" value="10"/>
                    <variable name="velocity.search.batch-size" value="100"/>
                    <!-- approvals-it: ApprovalChainIT; console-approvals: AdminConsoleIT. -->
                    <variable name="velocity.approvals.protected-namespaces" value="approvals-it,console-approvals"/>
                    <variable name="velocity.encryption.kek-file" value="%s"/>
                    <!-- Every verify of a chain with a checkpoint of 4 events or more reads it in halves. -->
                    <variable name="velocity.audit.verify.halves-from" value="4"/>
                %s
                </server>
                """.formatted(System.getProperty("it.http.port"), System.getProperty("it.https.port"), t.host(), t.port(), t.database(), t.apiUser(),
                keyFile, redisUrl, searchUrl, kekFile, drains.serverVariables());
        Path file = serverDir.resolve("configDropins/overrides/velocity-it-stack.xml");
        Files.createDirectories(file.getParent());
        Files.writeString(file, xml, StandardCharsets.UTF_8);
        // The password goes where a deployment keeps it, the environment (server.env), never into the
        // XML configuration: the checklist's config-secrets check refuses literal secrets there.
        Path env = serverDir.resolve("server.env");
        List<String> lines = new java.util.ArrayList<>(Files.exists(env) ? Files.readAllLines(env, StandardCharsets.UTF_8)
                : List.of());
        lines.removeIf(l -> l.startsWith("VELOCITY_DB_PASSWORD="));
        lines.add("VELOCITY_DB_PASSWORD=" + t.apiPassword());
        Files.write(env, lines, StandardCharsets.UTF_8);
    }

    /** The search engine's base URL, as the server has it. */
    public String searchUrl() {
        return searchUrl;
    }

    /** Waits until the search engine answers (the stack's own, or a configured one); false on timeout. */
    public boolean awaitSearchEngine(java.time.Duration timeout) {
        if (openSearch != null) {
            return openSearch.awaitReady(timeout);
        }
        return true;
    }

    /** The stack's own search engine, to stop and start it; empty when an external one is configured. */
    public java.util.Optional<LocalOpenSearch> ownSearchEngine() {
        return java.util.Optional.ofNullable(openSearch);
    }

    /** Where the server's SIEM drains deliver, and the secrets a receiver there needs. */
    public DrainEndpoints drains() {
        return drains;
    }

    /** Whether this stack runs its own Redis (and so can stop and start it). */
    public boolean ownsRedis() {
        return redis != null;
    }

    /** Stops the stack's own Redis, as an outage would. */
    public void stopRedis() throws IOException {
        redis.stop();
    }

    /** Starts the stack's own Redis again on the same port. */
    public void startRedis() throws IOException {
        redis.start();
    }

    /** Sends one command to the stack's own Redis (RESP over a socket) and returns the raw reply. */
    public String redisCommand(String... args) throws IOException {
        StringBuilder resp = new StringBuilder("*").append(args.length).append("\r\n");
        for (String a : args) {
            resp.append('$').append(a.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(a).append("\r\n");
        }
        try (java.net.Socket socket = new java.net.Socket(java.net.InetAddress.getLoopbackAddress(), redis.ports().get(0))) {
            socket.getOutputStream().write(resp.toString().getBytes(StandardCharsets.UTF_8));
            byte[] buf = new byte[256];
            int n = socket.getInputStream().read(buf);
            return n <= 0 ? "" : new String(buf, 0, n, StandardCharsets.UTF_8);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** A superuser connection to the test database: for tampering and inspection, never for setup. */
    public Connection adminConnection() throws SQLException {
        return adminConnection(target.database());
    }

    private Connection adminConnection(String database) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://" + host + ":" + port + "/" + database, adminUser,
                adminPassword);
    }

    /** Where the test database is and how its superuser logs in (for client tools such as pg_dump). */
    public record AdminLogin(String host, int port, String database, String user, String password) {
    }

    public AdminLogin adminLogin() {
        return new AdminLogin(host, port, target.database(), adminUser, adminPassword);
    }

    /** A plain JDBC connection as velocity_api, exactly what psql -U velocity_api would get. */
    public Connection apiConnection() throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://" + host + ":" + port + "/" + target.database(),
                target.apiUser(), target.apiPassword());
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + System.getProperty("it.http.port");
    }

    /** The HTTPS listener's port (a self-signed certificate Liberty generated). */
    public int httpsPort() {
        return Integer.parseInt(System.getProperty("it.https.port"));
    }

    public Path bootstrapKeyFile() {
        return bootstrapKeyFile;
    }

    public Path serverLogDir() {
        return bootstrapKeyFile.getParent().resolve("logs");
    }

    private static String hex(int bytes) {
        byte[] b = new byte[bytes];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
