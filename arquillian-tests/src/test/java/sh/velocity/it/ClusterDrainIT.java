package sh.velocity.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.IOException;
import java.io.StringReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import sh.velocity.it.stack.TestStack;
import sh.velocity.it.support.Api;
import sh.velocity.it.support.Deployments;
import sh.velocity.it.support.Manifests;
import sh.velocity.it.support.Sql;
import sh.velocity.opensearch.LocalOpenSearch;

/**
 * Issue 7 acceptance 4: two Liberty servers on one PostgreSQL drain one outbox together. The second
 * is this test's own copy of the Arquillian-managed server (same database, Redis, OpenSearch and
 * keys, other ports), started with {@code server run} and killed with SIGKILL, by its PID, while it
 * drains; the first finishes. OpenSearch applies each (record, version) at most once: a row re-sent
 * after the kill is refused as a version conflict, so the index's successful writes never exceed
 * the outbox's rows, and every record ends at its last version.
 */
@ExtendWith(ArquillianExtension.class)
class ClusterDrainIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Deployment(testable = false)
    static EnterpriseArchive app() {
        return Deployments.velocity();
    }

    @Test
    void twoServersDrainOneOutboxAndOneKilledMidDrainLeavesTheRestToTheOther() throws Exception {
        TestStack stack = TestStack.current();
        LocalOpenSearch engine = stack.ownSearchEngine().orElse(null);
        if (engine == null) {
            return; // an external engine: this test needs to stop and start its own
        }
        assertTrue(stack.awaitSearchEngine(Duration.ofMinutes(3)));
        String name = "clustered";
        String path = Manifests.pathOf(name);
        String records = "/api/v1/records/" + path;
        String index = "velocity-" + path.replace('/', '.');
        String table = "acme_supply_chain_procurement.clustered_v1";
        Api admin = Api.admin();
        admin.post("/api/v1/schemas", "application/yaml", Manifests.exampleNamed(name)).expect(201);

        engine.stop();
        try {
            drainWithTwoServers(stack, engine, admin, records, index, table);
        } finally {
            if (!engine.running()) {
                engine.start(); // later tests need the engine whatever happened here
                engine.awaitReady(Duration.ofMinutes(3));
            }
        }
    }

    private static void drainWithTwoServers(TestStack stack, LocalOpenSearch engine, Api admin, String records,
                                            String index, String table) throws Exception {
        int count = 2000;
        List<String> ids = create(admin, records, count);
        for (int i = 0; i < 200; i++) {
            admin.patchJson(records + "/" + ids.get(i), Json.createObjectBuilder().add("notes", "updated " + i).build())
                    .expect(200);
        }
        for (int i = 1900; i < count; i++) {
            admin.delete(records + "/" + ids.get(i)).expect(204);
        }
        long rows = Sql.adminCount("SELECT count(*) FROM " + table + "_outbox");
        long deletes = Sql.adminCount("SELECT count(*) FROM " + table + "_outbox WHERE event_type = 'deleted'");
        assertEquals(count + 200 + 100, rows);

        Second second = Second.start(stack);
        try {
            assertTrue(second.awaitReady(Duration.ofMinutes(4)), "the second server did not start: " + second.log());
            engine.start();
            assertTrue(engine.awaitReady(Duration.ofMinutes(3)));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (second.indexed() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            long byTheSecond = second.indexed();
            long unpublishedAtKill = unpublished(table);
            second.kill9();
            System.out.printf("cluster drain: the second server wrote %d rows, then was killed with %d of %d rows "
                    + "unpublished%n", byTheSecond, unpublishedAtKill, rows);
            assertTrue(byTheSecond > 0, "the second server took part in draining");
        } finally {
            second.destroy();
        }

        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (unpublished(table) > 0 && System.nanoTime() < deadline) {
            Thread.sleep(500);
        }
        assertEquals(0, unpublished(table), "the first server finished the drain");
        engineSend("POST", index + "/_refresh");
        assertEquals(count - 100, parse(engineSend("GET", index + "/_count")).getInt("count"));
        JsonObject stats = parse(engineSend("GET", index + "/_stats/indexing")).getJsonObject("_all")
                .getJsonObject("primaries").getJsonObject("indexing");
        long writes = stats.getJsonNumber("index_total").longValue();
        assertTrue(writes >= count - 100 && writes <= rows - deletes,
                "each (record, version) applied at most once: " + writes + " writes for " + (rows - deletes) + " rows");
        assertEquals(deletes, stats.getJsonNumber("delete_total").longValue(), "each deletion applied once");
        for (int i : new int[] {0, 57, 199}) {
            JsonObject doc = parse(engineSend("GET", index + "/_doc/" + ids.get(i)));
            assertEquals(2, doc.getInt("_version"), "updated records show their last version");
            assertEquals("updated " + i, doc.getJsonObject("_source").getString("notes"));
        }
        assertTrue(engineSend("GET", index + "/_doc/" + ids.get(1950)).contains("\"found\":false"));
    }

    private static List<String> create(Api admin, String records, int count) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<String>> all = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int n = i;
                all.add(pool.submit(() -> admin.postJson(records, Json.createObjectBuilder().add("po_number", "C-" + n)
                        .add("amount", n + 1).add("currency", "EUR").add("notes", "clustered " + n).build())
                        .expect(201).json().getString("id")));
            }
            List<String> ids = new ArrayList<>();
            for (Future<String> f : all) {
                ids.add(f.get());
            }
            return ids;
        } finally {
            pool.shutdownNow();
        }
    }

    private static long unpublished(String table) {
        return Sql.adminCount("SELECT count(*) FROM " + table + "_outbox WHERE published_at IS NULL");
    }

    private static String engineSend(String method, String path) throws Exception {
        HttpRequest r = HttpRequest.newBuilder(URI.create(TestStack.current().searchUrl() + "/" + path))
                .method(method, HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(30)).build();
        return HTTP.send(r, HttpResponse.BodyHandlers.ofString()).body();
    }

    private static JsonObject parse(String json) {
        try (JsonReader r = Json.createReader(new StringReader(json))) {
            return r.readObject();
        }
    }

    /** A second server: a copy of the test server's configuration on other ports, with the same keys. */
    private static final class Second {

        private static final Set<String> NOT_COPIED = Set.of("logs", "workarea", "tranlog", "dropins", "apps", "temp",
                "bootstrap-admin.key");

        private final Process process;
        private final Path dir;
        private final int httpPort;
        private final String name;

        private Second(Process process, Path dir, int httpPort, String name) {
            this.process = process;
            this.dir = dir;
            this.httpPort = httpPort;
            this.name = name;
        }

        static Second start(TestStack stack) throws IOException {
            Path wlp = Path.of(System.getProperty("it.wlp.dir"));
            String first = System.getProperty("it.server.name");
            String name = first + "-second";
            Path source = wlp.resolve("usr/servers").resolve(first);
            Path dir = wlp.resolve("usr/servers").resolve(name);
            deleteRecursively(dir);
            try (Stream<Path> paths = Files.walk(source)) {
                for (Path p : paths.toList()) {
                    Path rel = source.relativize(p);
                    if (rel.getNameCount() > 0 && NOT_COPIED.contains(rel.getName(0).toString())) {
                        continue;
                    }
                    Path to = dir.resolve(rel.toString());
                    if (Files.isDirectory(p)) {
                        Files.createDirectories(to);
                    } else {
                        Files.copy(p, to);
                    }
                }
            }
            Files.createDirectories(dir.resolve("dropins"));
            Files.copy(Path.of(System.getProperty("velocity.ear")), dir.resolve("dropins/velocity.ear"));
            int http = freePort();
            Path overrides = dir.resolve("configDropins/overrides/velocity-it-stack.xml");
            String xml = Files.readString(overrides, StandardCharsets.UTF_8);
            xml = replaceVariable(xml, "velocity.http.port", Integer.toString(http));
            xml = replaceVariable(xml, "velocity.https.port", Integer.toString(freePort()));
            xml = replaceVariable(xml, "velocity.search.batch-size", "10");
            xml = xml.replace("</server>", "    <variable name=\"velocity.audit.checkpoint-key-file\" value=\""
                    + source.resolve("audit-checkpoint.key") + "\"/>\n"
                    + "    <variable name=\"velocity.jwt.keys-file\" value=\"" + source.resolve("jwt-keys.json") + "\"/>\n"
                    + "    <variable name=\"velocity.secrets.key-file\" value=\"" + source.resolve("velocity-secrets.key")
                    + "\"/>\n</server>");
            Files.writeString(overrides, xml, StandardCharsets.UTF_8);
            Process p = new ProcessBuilder(wlp.resolve("bin/server").toString(), "run", name).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("console.out").toFile()).start();
            return new Second(p, dir, http, name);
        }

        boolean awaitReady(Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline && process.isAlive()) {
                try {
                    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort
                            + "/health/ready")).timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() == 200) {
                        return true;
                    }
                } catch (IOException e) {
                    // not up yet
                }
                Thread.sleep(1000);
            }
            return false;
        }

        /** Rows this server wrote to the engine, from its own metrics. */
        long indexed() {
            try {
                String metrics = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort
                        + "/metrics?scope=application")).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
                Matcher m = Pattern.compile("(?m)^velocity_search_indexed_total(?:\\{[^}]*\\})? ([0-9.]+)").matcher(metrics);
                return m.find() ? (long) Double.parseDouble(m.group(1)) : 0;
            } catch (IOException e) {
                return 0;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return 0;
            }
        }

        /** SIGKILL to this server's JVM, found among the processes this test started, by PID. */
        void kill9() throws IOException, InterruptedException {
            List<ProcessHandle> ours = new ArrayList<>();
            ours.add(process.toHandle());
            process.toHandle().descendants().forEach(ours::add);
            for (ProcessHandle h : ours) {
                String cmd = cmdline(h);
                if (cmd.contains("ws-server.jar") && cmd.contains(name)) {
                    new ProcessBuilder("kill", "-9", Long.toString(h.pid())).start().waitFor();
                }
            }
            process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS);
        }

        void destroy() throws IOException {
            process.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            try {
                process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            deleteRecursively(dir);
        }

        String log() {
            try {
                return Files.readString(dir.resolve("console.out"));
            } catch (IOException e) {
                return "";
            }
        }

        private static String cmdline(ProcessHandle h) {
            try {
                return Files.readString(Path.of("/proc", Long.toString(h.pid()), "cmdline")).replace('\0', ' ');
            } catch (IOException | RuntimeException e) {
                return h.info().commandLine().orElse("");
            }
        }

        private static String replaceVariable(String xml, String name, String value) {
            Matcher m = Pattern.compile("<variable name=\"" + Pattern.quote(name) + "\" value=\"[^\"]*\"/>").matcher(xml);
            if (!m.find()) {
                return xml.replace("</server>", "    <variable name=\"" + name + "\" value=\"" + value + "\"/>\n</server>");
            }
            return m.replaceFirst(Matcher.quoteReplacement("<variable name=\"" + name + "\" value=\"" + value + "\"/>"));
        }

        private static int freePort() throws IOException {
            try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                return s.getLocalPort();
            }
        }

        private static void deleteRecursively(Path dir) throws IOException {
            if (!Files.exists(dir)) {
                return;
            }
            try (Stream<Path> paths = Files.walk(dir)) {
                for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }
}
