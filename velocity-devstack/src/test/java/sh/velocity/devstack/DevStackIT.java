package sh.velocity.devstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The README's run command as a newcomer meets it: the launcher brings Velocity up on an embedded
 * PostgreSQL, prints where it is and where the bootstrap key went, and Ctrl-C (SIGINT) stops
 * everything it started. Also prints start-up time and the server's resident memory.
 */
class DevStackIT {

    @Test
    void runsOnEmbeddedDefaultsAndCtrlCStopsEverythingItStarted() throws Exception {
        Path dir = Path.of(System.getProperty("velocity.devstack.dir"));
        deleteRecursively(dir);
        String port = System.getProperty("devstack.it.port");
        Path out = Files.createDirectories(dir).resolve("launcher-output.log");
        String server = ownServerCopy();
        // `env --default-signal=INT` gives the launcher Ctrl-C's default disposition back: a build run as
        // a background job of a shell without job control starts with SIGINT ignored, which its
        // children inherit, and a JVM started so installs no handler (so no shutdown hook runs).
        List<String> command = new java.util.ArrayList<>();
        if (envResetsSignals()) {
            command.addAll(List.of("env", "--default-signal=INT"));
        }
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.command().addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                "-Dvelocity.devstack.dir=" + dir, "-Dvelocity.wlp.dir=" + System.getProperty("velocity.wlp.dir"),
                "-Dvelocity.server.name=" + server, "-Dvelocity.opensearch.port=0",
                "-Dvelocity.opensearch.zip=" + System.getProperty("velocity.opensearch.zip"), DevStack.class.getName()));
        pb.environment().put("VELOCITY_HTTP_PORT", port);
        pb.environment().put("VELOCITY_HTTPS_PORT", System.getProperty("devstack.it.https.port"));
        pb.environment().remove("VELOCITY_DB_HOST");
        pb.redirectErrorStream(true).redirectOutput(out.toFile());
        long started = System.nanoTime();
        Process launcher = pb.start();
        try {
            String output = awaitLine(out, "Velocity is running", launcher, 240);
            double seconds = (System.nanoTime() - started) / 1e9;
            assertTrue(output.contains("http://127.0.0.1:" + port + "/api/v1"), output);
            assertTrue(output.contains("Bootstrap admin key: "), output);
            Path key = dir.resolve("bootstrap-admin.key");
            assertTrue(Files.exists(key), "bootstrap key written");
            assertFalse(output.contains(Files.readString(key).trim()), "the key itself is never printed");

            java.util.regex.Matcher redisPort = java.util.regex.Pattern
                    .compile("embedded Redis on 127\\.0\\.0\\.1:(\\d+)").matcher(output);
            assertTrue(redisPort.find(), "the launcher starts a Redis: " + output);
            redisMarker = "127.0.0.1:" + redisPort.group(1);
            List<ProcessHandle> started2 = ours(dir);
            assertTrue(started2.stream().anyMatch(p -> cmd(p).contains("redis-server")), "Redis runs");
            assertTrue(started2.stream().anyMatch(p -> cmd(p).contains("ws-server.jar")), "Liberty runs");
            assertTrue(started2.stream().anyMatch(p -> cmd(p).contains("postgres")), "PostgreSQL runs");
            assertTrue(output.contains("OpenSearch starting on http://127.0.0.1:"), output);
            assertTrue(started2.stream().anyMatch(p -> cmd(p).contains("org.opensearch.bootstrap.OpenSearch")),
                    "OpenSearch runs");
            long libertyPid = started2.stream().filter(p -> cmd(p).contains("ws-server.jar")).findFirst()
                    .orElseThrow().pid();
            System.out.printf("run command: ready after %.1f s (launcher start to /health/ready UP); "
                    + "Liberty RSS %s%n", seconds, rss(libertyPid));

            new ProcessBuilder("kill", "-INT", Long.toString(launcher.pid())).start().waitFor();
            assertTrue(launcher.waitFor(120, TimeUnit.SECONDS), "launcher exits after Ctrl-C");
            for (int i = 0; i < 30 && !ours(dir).isEmpty(); i++) {
                Thread.sleep(1000);
            }
            assertEquals(List.of(), ours(dir).stream().map(DevStackIT::cmd).toList(), "left running after Ctrl-C");
        } finally {
            if (launcher.isAlive()) {
                launcher.destroyForcibly();
            }
            ours(dir).forEach(ProcessHandle::destroyForcibly);
        }
    }

    /** Whether this machine's env(1) has --default-signal (GNU coreutils 8.31 and later). */
    private static boolean envResetsSignals() {
        try {
            return new ProcessBuilder("env", "--default-signal=INT", "true").start().waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The embedded Redis's "host:port", once the launcher has printed it. */
    private static String redisMarker;

    /**
     * Liberty, PostgreSQL and Redis processes of this test's launcher, recognised by its own
     * directories and by the port it printed for Redis.
     */
    private static List<ProcessHandle> ours(Path dir) {
        String pgdata = dir.resolve("pgdata").toString();
        String openSearch = dir.resolve("opensearch").toString();
        String wlp = System.getProperty("velocity.wlp.dir");
        String redis = redisMarker;
        return ProcessHandle.allProcesses().filter(p -> {
            String c = cmd(p);
            return c.contains(pgdata) || c.contains(openSearch) || (c.contains("ws-server.jar") && c.contains("velocity-devstack-it")
                    && c.contains(Path.of(wlp).normalize().toString()))
                    || (redis != null && c.contains("redis-server") && c.contains(redis.substring(redis.indexOf(':') + 1)));
        }).toList();
    }

    private static String cmd(ProcessHandle p) {
        try {
            return Files.readString(Path.of("/proc", Long.toString(p.pid()), "cmdline")).replace('\0', ' ');
        } catch (IOException | RuntimeException e) {
            return p.info().commandLine().orElse("");
        }
    }

    /**
     * A copy of the packaged server under a name of its own, so that this test never collides
     * with a developer's `mvn -Prun` using the same Liberty installation.
     */
    private static String ownServerCopy() throws IOException {
        Path servers = Path.of(System.getProperty("velocity.wlp.dir"), "usr", "servers");
        Path source = servers.resolve("velocity");
        Path target = servers.resolve("velocity-devstack-it");
        deleteRecursively(target);
        try (var paths = Files.walk(source)) {
            for (Path p : paths.filter(p -> !source.relativize(p).toString().startsWith("logs")
                    && !source.relativize(p).toString().startsWith("workarea")).toList()) {
                Path to = target.resolve(source.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(p, to);
                }
            }
        }
        return "velocity-devstack-it";
    }

    /** A first start, as a newcomer's: no database or key left from an earlier run. */
    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static String rss(long pid) throws IOException {
        return Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")).stream()
                .filter(l -> l.startsWith("VmRSS:")).findFirst().orElse("VmRSS: unknown").replace("VmRSS:", "").trim();
    }

    private static String awaitLine(Path log, String needle, Process p, int seconds) throws Exception {
        for (int i = 0; i < seconds; i++) {
            String s = Files.exists(log) ? Files.readString(log) : "";
            if (s.contains(needle)) {
                return s;
            }
            if (!p.isAlive()) {
                throw new AssertionError("launcher exited early:\n" + s);
            }
            Thread.sleep(1000);
        }
        throw new AssertionError("not ready in " + seconds + " s:\n" + Files.readString(log));
    }
}
