package sh.velocity.devstack;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import redis.embedded.RedisServer;
import sh.velocity.opensearch.LocalOpenSearch;
import sh.velocity.migrate.ContextMigrations;
import sh.velocity.migrate.DatabaseTarget;
import sh.velocity.migrate.RoleBootstrap;

/**
 * Runs Velocity on a machine that has only a JDK and Maven.
 *
 * <p>Redis (the revocation list): {@code VELOCITY_REDIS_URL}, else an embedded Redis.
 * Search engine: {@code VELOCITY_SEARCH_URL}, else OpenSearch from the Maven registry on loopback.
 * PostgreSQL: the one named by {@code VELOCITY_DB_HOST} (roles are bootstrapped when
 * {@code VELOCITY_DB_ADMIN_USER} is given), else an embedded PostgreSQL whose data survives
 * restarts in {@code target/devstack/pgdata}. Then the migrate step, then the packaged Liberty
 * server with the connection in its environment. Ctrl-C (or any exit) stops the server and the
 * embedded database, the only processes this launcher started.
 */
public final class DevStack {

    private final Path dir;
    private final Path wlp;
    private EmbeddedPostgres embedded;
    private RedisServer redis;
    private LocalOpenSearch openSearch;
    private Process liberty;

    private DevStack(Path dir, Path wlp) {
        this.dir = dir;
        this.wlp = wlp;
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(System.getProperty("velocity.devstack.dir", "target/devstack")).toAbsolutePath().normalize();
        Path wlp = Path.of(System.getProperty("velocity.wlp.dir", "app-ear/target/liberty/wlp")).toAbsolutePath()
                .normalize();
        DevStack stack = new DevStack(dir, wlp);
        Runtime.getRuntime().addShutdownHook(new Thread(stack::stop, "velocity-devstack-stop"));
        int exit = stack.run();
        System.exit(exit);
    }

    private int run() throws Exception {
        Files.createDirectories(dir);
        Map<String, String> env = System.getenv();
        DatabaseTarget target = database(env);
        ContextMigrations.migrate(target);
        say("database migrated: " + target);

        String redisUrl = redis(env);
        String searchUrl = openSearch(env);
        String port = env.getOrDefault("VELOCITY_HTTP_PORT", "9080");
        Path keyFile = dir.resolve("bootstrap-admin.key");
        String server = System.getProperty("velocity.server.name", "velocity");
        ProcessBuilder pb = new ProcessBuilder(wlp.resolve("bin/server").toString(), "run", server);
        Map<String, String> childEnv = pb.environment();
        childEnv.put("VELOCITY_DB_HOST", target.host());
        childEnv.put("VELOCITY_DB_PORT", Integer.toString(target.port()));
        childEnv.put("VELOCITY_DB_NAME", target.database());
        childEnv.put("VELOCITY_DB_USER", target.apiUser());
        childEnv.put("VELOCITY_DB_PASSWORD", target.apiPassword());
        childEnv.put("VELOCITY_DB_SSLMODE", target.sslMode());
        childEnv.put("VELOCITY_HTTP_PORT", port);
        childEnv.put("VELOCITY_HTTPS_PORT", env.getOrDefault("VELOCITY_HTTPS_PORT", "9443"));
        childEnv.put("VELOCITY_BOOTSTRAP_KEY_FILE", keyFile.toString());
        childEnv.put("VELOCITY_REDIS_URL", redisUrl);
        childEnv.put("VELOCITY_SEARCH_URL", searchUrl);
        childEnv.put("VELOCITY_ENCRYPTION_KEK_FILE", kekFile(env).toString());
        childEnv.remove("VELOCITY_DB_OWNER_PASSWORD");
        childEnv.remove("VELOCITY_DB_ADMIN_PASSWORD");
        pb.redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("liberty-console.log").toFile()));
        pb.redirectErrorStream(true);
        liberty = pb.start();
        say("Liberty starting (pid " + liberty.pid() + "), console output in " + dir.resolve("liberty-console.log"));

        String base = "http://127.0.0.1:" + port;
        if (!awaitReady(base + "/health/ready", Duration.ofMinutes(4))) {
            say("Velocity did not become ready; see " + wlp.resolve("usr/servers/" + server + "/logs/messages.log"));
            return 1;
        }
        say("");
        say("Velocity is running: " + base + "/api/v1   (health: " + base + "/health; HTTPS with a self-signed "
                + "certificate on https://127.0.0.1:" + childEnv.get("VELOCITY_HTTPS_PORT") + ")");
        say(Files.exists(keyFile)
                ? "Bootstrap admin key: " + keyFile + "  (written once, on the first start of an empty database)"
                : "Bootstrap admin key: already issued on an earlier start (see " + keyFile + " if you kept it)");
        say("Try: curl -H \"Authorization: Bearer $(cat " + keyFile + ")\" " + base + "/api/v1/schemas");
        say("Ctrl-C stops Velocity and everything this command started.");
        return liberty.waitFor();
    }

    private DatabaseTarget database(Map<String, String> env) throws Exception {
        if (env.get("VELOCITY_DB_HOST") != null && !env.get("VELOCITY_DB_HOST").isBlank()) {
            DatabaseTarget target = DatabaseTarget.fromEnvironment(env);
            String admin = env.get("VELOCITY_DB_ADMIN_USER");
            if (admin != null && !admin.isBlank()) {
                try (Connection c = DriverManager.getConnection(target.jdbcUrl("postgres"), admin,
                        env.getOrDefault("VELOCITY_DB_ADMIN_PASSWORD", ""))) {
                    RoleBootstrap.run(c, target);
                }
            }
            say("using PostgreSQL at " + target.host() + ":" + target.port());
            return target;
        }
        Path data = dir.resolve("pgdata");
        Files.createDirectories(data);
        embedded = EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(false).start();
        DatabaseTarget target = new DatabaseTarget("127.0.0.1", embedded.getPort(), "velocity", "disable",
                "velocity_api", secret(), "velocity_owner", secret());
        try (Connection c = embedded.getPostgresDatabase().getConnection()) {
            RoleBootstrap.run(c, target);
        }
        say("embedded PostgreSQL on 127.0.0.1:" + embedded.getPort() + " (data in " + data + ")");
        return target;
    }

    /**
     * The configured search engine ({@code VELOCITY_SEARCH_URL}), else OpenSearch from the Maven
     * registry on 127.0.0.1 (port 9200 when free), its data kept under the dev-stack directory.
     * Started, not awaited: until it answers, searches are served by PostgreSQL (tier 2).
     */
    private String openSearch(Map<String, String> env) throws IOException {
        String configured = env.get("VELOCITY_SEARCH_URL");
        if (configured != null && !configured.isBlank()) {
            say("using the search engine at " + configured.replaceAll("//[^@]*@", "//***@"));
            return configured;
        }
        String zip = System.getProperty("velocity.opensearch.zip");
        if (zip == null || !Files.isRegularFile(Path.of(zip))) {
            say("no OpenSearch distribution found: searches are served by PostgreSQL (tier 2)");
            return "";
        }
        int port = Integer.getInteger("velocity.opensearch.port", 9200);
        if (port != 0) {
            try (java.net.ServerSocket probe = new java.net.ServerSocket(port, 1,
                    java.net.InetAddress.getLoopbackAddress())) {
                probe.setReuseAddress(true);
            } catch (IOException taken) {
                port = 0;
            }
        }
        openSearch = LocalOpenSearch.prepare(Path.of(zip), dir.resolve("opensearch"), port, "512m").start();
        say("OpenSearch starting on " + openSearch.url() + " (pid " + openSearch.pid() + ")");
        return openSearch.url().toString();
    }

    /**
     * The key-encryption key of field encryption: {@code VELOCITY_ENCRYPTION_KEK_FILE} when set,
     * else {@code kek.key} beside the embedded database's data (made once, owner-only; it must
     * survive as long as the data: without it no phi, pci or secret value can be read again).
     */
    private Path kekFile(Map<String, String> env) throws IOException {
        String configured = env.get("VELOCITY_ENCRYPTION_KEK_FILE");
        if (configured != null && !configured.isBlank()) {
            say("using the key-encryption key in " + configured);
            return Path.of(configured);
        }
        Path file = dir.resolve("kek.key");
        if (!Files.exists(file)) {
            byte[] kek = new byte[32];
            new SecureRandom().nextBytes(kek);
            Files.createFile(file, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                    java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, java.util.Base64.getEncoder().encodeToString(kek));
            say("made a key-encryption key for field encryption in " + file + " (keep it with the data)");
        }
        return file;
    }

    /** The configured Redis, else an embedded one on a free loopback port (nothing kept on disk). */
    private String redis(Map<String, String> env) throws IOException {
        String configured = env.get("VELOCITY_REDIS_URL");
        if (configured != null && !configured.isBlank()) {
            say("using Redis at " + configured.replaceAll("//[^@]*@", "//***@"));
            return configured;
        }
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        redis = RedisServer.newRedisServer().port(port).bind("127.0.0.1").setting("save \"\"")
                .setting("appendonly no").build();
        redis.start();
        say("embedded Redis on 127.0.0.1:" + port);
        return "redis://127.0.0.1:" + port;
    }

    private static boolean awaitReady(String url, Duration limit) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5))
                        .build(), HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return true;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(1000);
        }
        return false;
    }

    private synchronized void stop() {
        if (liberty != null && liberty.isAlive()) {
            say("stopping Liberty (pid " + liberty.pid() + ")");
            liberty.destroy();
            try {
                if (!liberty.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
                    liberty.destroyForcibly();
                }
            } catch (InterruptedException e) {
                liberty.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        if (openSearch != null) {
            say("stopping OpenSearch (pid " + openSearch.pid() + ")");
            openSearch.stop();
            openSearch = null;
        }
        if (redis != null) {
            say("stopping embedded Redis");
            try {
                redis.stop();
            } catch (IOException e) {
                say("embedded Redis did not stop cleanly: " + e.getMessage());
            }
            redis = null;
        }
        if (embedded != null) {
            say("stopping embedded PostgreSQL");
            try {
                embedded.close();
            } catch (IOException e) {
                say("embedded PostgreSQL did not stop cleanly: " + e.getMessage());
            }
            embedded = null;
        }
    }

    private static String secret() {
        byte[] b = new byte[18];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    private static void say(String line) {
        System.out.println("[velocity] " + line);
    }
}
