package sh.velocity.opensearch;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * The OpenSearch distribution from the Maven registry
 * ({@code org.opensearch.distribution.integ-test-zip:opensearch}), unpacked into a directory of ours
 * and run as a child process bound to 127.0.0.1: a single node, small heap, no plugins, no security
 * (it answers plain HTTP on loopback only). OpenSearch refuses to run as root, so when this JVM is
 * root the directory is handed to the unprivileged user 65534 and the process started through
 * {@code setpriv}. {@link #stop()} ends only the process this object started, by its PID.
 */
public final class LocalOpenSearch implements AutoCloseable {

    private static final int UNPRIVILEGED = 65534;

    private final Path home;
    private final Path install;
    private final int httpPort;
    private final String heap;
    private Process process;

    private LocalOpenSearch(Path home, Path install, int httpPort, String heap) {
        this.home = home;
        this.install = install;
        this.httpPort = httpPort;
        this.heap = heap;
    }

    /**
     * Unpacks {@code zip} under {@code home} (once) and prepares a node on {@code httpPort} (0: a free
     * port); {@link #start()} launches it.
     */
    public static LocalOpenSearch prepare(Path zip, Path home, int httpPort, String heap) throws IOException {
        Files.createDirectories(home);
        Path install = unpack(zip, home.resolve("dist"));
        int port = httpPort == 0 ? freePort() : httpPort;
        return new LocalOpenSearch(home, install, port, heap);
    }

    /** Deletes the node's data (before a first {@link #start()}: tests begin with an empty engine). */
    public LocalOpenSearch withoutData() throws IOException {
        Path data = home.resolve("data");
        if (Files.exists(data)) {
            try (var paths = Files.walk(data)) {
                for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        return this;
    }

    /** Starts the node (again, after {@link #stop()}: same data, same port) without waiting for it. */
    public synchronized LocalOpenSearch start() throws IOException {
        if (process != null && process.isAlive()) {
            return this;
        }
        Path data = Files.createDirectories(home.resolve("data"));
        Path logs = Files.createDirectories(home.resolve("logs"));
        Path tmp = Files.createDirectories(home.resolve("tmp"));
        List<String> command = new ArrayList<>();
        boolean root = isRoot();
        if (root) {
            run(List.of("chown", "-R", UNPRIVILEGED + ":" + UNPRIVILEGED, home.toString()));
            command.addAll(List.of("setpriv", "--reuid=" + UNPRIVILEGED, "--regid=" + UNPRIVILEGED, "--clear-groups",
                    "--"));
        }
        command.add(install.resolve("bin/opensearch").toString());
        command.addAll(List.of("-Ehttp.host=127.0.0.1", "-Ehttp.port=" + httpPort,
                "-Etransport.host=127.0.0.1", "-Etransport.port=" + freePort(),
                "-Ediscovery.type=single-node", "-Ecluster.name=velocity-local", "-Enode.name=velocity-local",
                "-Epath.data=" + data, "-Epath.logs=" + logs,
                "-Ecluster.routing.allocation.disk.threshold_enabled=false"));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("opensearch.out").toFile()));
        pb.environment().keySet().removeIf(k -> k.startsWith("OPENSEARCH_") || k.startsWith("JAVA_"));
        pb.environment().put("OPENSEARCH_JAVA_HOME", System.getProperty("java.home"));
        pb.environment().put("OPENSEARCH_JAVA_OPTS", "-Xms" + heap + " -Xmx" + heap);
        pb.environment().put("OPENSEARCH_TMPDIR", tmp.toString());
        if (root) {
            run(List.of("chown", "-R", UNPRIVILEGED + ":" + UNPRIVILEGED, home.toString()));
        }
        process = pb.start();
        return this;
    }

    /** Waits until the node answers on its HTTP port; false when it did not within {@code timeout} or died. */
    public boolean awaitReady(Duration timeout) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (process == null || !process.isAlive()) {
                return false;
            }
            try {
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(url().resolve("/_cluster/health?wait_for_status=yellow&timeout=1s"))
                        .timeout(Duration.ofSeconds(3)).GET().build(), HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return true;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            sleep(500);
        }
        return false;
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + httpPort);
    }

    public int httpPort() {
        return httpPort;
    }

    /** The PID of the node this object started, or -1. */
    public synchronized long pid() {
        return process == null ? -1 : process.pid();
    }

    public synchronized boolean running() {
        return process != null && process.isAlive();
    }

    /** Stops the node this object started (SIGTERM, then SIGKILL after 30 s); its data stays. */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        process = null;
    }

    @Override
    public void close() {
        stop();
    }

    /** The node's log so far (for a failed start). */
    public String output() {
        try {
            return Files.readString(home.resolve("opensearch.out"));
        } catch (IOException e) {
            return "";
        }
    }

    private static Path unpack(Path zip, Path target) throws IOException {
        Path marker = target.resolve(".unpacked");
        if (Files.exists(marker)) {
            return installIn(target);
        }
        Files.createDirectories(target);
        try (InputStream in = Files.newInputStream(zip); ZipInputStream z = new ZipInputStream(in)) {
            for (ZipEntry e; (e = z.getNextEntry()) != null; ) {
                Path out = target.resolve(e.getName()).normalize();
                if (!out.startsWith(target)) {
                    throw new IOException("zip entry outside the target: " + e.getName());
                }
                if (e.isDirectory()) {
                    Files.createDirectories(out);
                } else {
                    Files.createDirectories(out.getParent());
                    Files.copy(z, out, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                    if (out.getParent().getFileName().toString().equals("bin")) {
                        Files.setPosixFilePermissions(out, PosixFilePermissions.fromString("rwxr-xr-x"));
                    }
                }
            }
        }
        Files.createFile(marker);
        return installIn(target);
    }

    private static Path installIn(Path target) throws IOException {
        try (var dirs = Files.list(target)) {
            return dirs.filter(p -> Files.isRegularFile(p.resolve("bin/opensearch"))).findFirst()
                    .orElseThrow(() -> new IOException("no bin/opensearch in " + target));
        }
    }

    private static boolean isRoot() {
        try {
            return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }

    private static void run(List<String> command) throws IOException {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            if (p.waitFor() != 0) {
                throw new IOException(String.join(" ", command) + " failed");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: " + String.join(" ", command), e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
