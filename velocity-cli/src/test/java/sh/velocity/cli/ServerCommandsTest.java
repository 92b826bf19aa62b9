package sh.velocity.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sh.velocity.cli.config.ConfigFile;
import sh.velocity.cli.io.Console;

/**
 * The commands that call the server, against a small HTTP server on the loopback interface that
 * answers as Velocity's API does: exit codes, the server's problem code in the output, JSON output,
 * the key sent but never printed (also not with --verbose), login's stored profile, exports written
 * whole or not at all. The real server is exercised by AuditExportIT.
 */
class ServerCommandsTest {

    private static final String KEY = "vk_secret_key_never_printed_42";
    private static final String PROBLEM = "{\"type\":\"https://velocity.sh/problems/forbidden\",\"title\":\"Forbidden\","
            + "\"status\":403,\"code\":\"FORBIDDEN\",\"detail\":\"Missing permission audit.read on platform.\","
            + "\"requestId\":\"req-403\"}";

    @TempDir
    Path dir;

    private HttpServer server;
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private volatile String verifyAnswer = "{\"chain\":\"platform\",\"valid\":true,\"events\":7,\"tampered\":0}";
    private volatile byte[] exportBody;
    private Map<String, String> env;

    @BeforeEach
    void start() throws IOException {
        exportBody = new SampleExports().export();
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/api/v1/", this::answer);
        server.start();
        env = Map.of("HOME", dir.toString(), "VELOCITY_URL", "http://127.0.0.1:" + server.getAddress().getPort(),
                "VELOCITY_API_KEY", KEY);
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void answer(HttpExchange x) throws IOException {
        String auth = x.getRequestHeaders().getFirst("Authorization");
        authorizations.add(String.valueOf(auth));
        String path = x.getRequestURI().getPath();
        String query = String.valueOf(x.getRequestURI().getQuery());
        if (!("Bearer " + KEY).equals(auth)) {
            send(x, 401, "application/problem+json", "{\"status\":401,\"code\":\"UNAUTHENTICATED\",\"detail\":\"Send a valid key.\"}");
        } else if (query.contains("schema=platform") && path.endsWith("/audit/verify")) {
            send(x, 200, "application/json", verifyAnswer);
        } else if (path.endsWith("/audit/export")) {
            send(x, 200, "application/x-ndjson", exportBody);
        } else if (path.endsWith("/schemas")) {
            send(x, 200, "application/json", "{\"items\":[],\"nextCursor\":null}");
        } else {
            send(x, 403, "application/problem+json", PROBLEM);
        }
    }

    private static void send(HttpExchange x, int status, String type, String body) throws IOException {
        send(x, status, type, body.getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange x, int status, String type, byte[] body) throws IOException {
        x.getResponseHeaders().add("Content-Type", type);
        x.sendResponseHeaders(status, body.length);
        try (OutputStream out = x.getResponseBody()) {
            out.write(body);
        }
    }

    @Test
    void onlineVerifyPrintsTheContractLinesAndExitsOneWhenInvalid() {
        CliRun ok = CliRun.run(env, "audit", "verify", "--schema", "platform");
        assertEquals(0, ok.exit(), ok.toString());
        assertEquals("✓ Audit chain valid (7 events, 0 tampering detected)", ok.firstLine());
        assertEquals("Bearer " + KEY, authorizations.get(0));

        verifyAnswer = "{\"chain\":\"platform\",\"valid\":false,\"events\":7,\"tampered\":1,\"firstBadEvent\":4,"
                + "\"reason\":\"hash mismatch\",\"expected\":\"aa\",\"actual\":\"bb\"}";
        CliRun bad = CliRun.run(env, "audit", "verify", "--schema", "platform");
        assertEquals(1, bad.exit(), bad.toString());
        assertEquals("✗ Audit chain invalid (hash mismatch at event 4)", bad.firstLine());
        JsonObject json = CliRun.run(env, "audit", "verify", "--schema", "platform", "-o", "json").json();
        assertFalse(json.getBoolean("valid"));
        assertEquals(4, json.getInt("firstBadEvent"));
        assertEquals("server", json.getString("source"));
    }

    @Test
    void aServerProblemExitsThreeWithItsCodeAndNeverShowsTheKey() {
        String schema = "acme/supply-chain/procurement/purchase-order/v1";
        CliRun text = CliRun.run(env, "audit", "verify", "--schema", schema, "--verbose");
        assertEquals(3, text.exit(), text.toString());
        assertTrue(text.err().contains("403 FORBIDDEN: Missing permission audit.read on platform. (request id req-403)"),
                text.err());
        assertTrue(text.err().contains("> GET http://127.0.0.1:") && text.err().contains("Bearer <redacted>"), text.err());
        assertFalse(text.out().contains(KEY) || text.err().contains(KEY), text.toString());

        CliRun json = CliRun.run(env, "audit", "verify", "--schema", schema, "-o", "json", "--verbose");
        assertEquals(3, json.exit());
        JsonObject error = json.json().getJsonObject("error");
        assertEquals("FORBIDDEN", error.getString("code"));
        assertEquals(403, error.getInt("status"));
        assertEquals(3, error.getInt("exitCode"));
        assertFalse(json.out().contains(KEY) || json.err().contains(KEY), json.toString());
    }

    @Test
    void loginChecksTheKeyThenStoresAPrivateProfileThatLaterCommandsUse() throws IOException {
        Path keyFile = dir.resolve("key");
        Files.writeString(keyFile, KEY + "\n");
        String url = env.get("VELOCITY_URL") + "/api/v1/";
        Map<String, String> noEnv = Map.of("HOME", dir.toString());
        CliRun login = CliRun.run(noEnv, "login", "--url", url, "--key-file", keyFile.toString(), "--profile", "ci",
                "-o", "json");
        assertEquals(0, login.exit(), login.toString());
        assertEquals("ci", login.json().getString("profile"));
        assertEquals(env.get("VELOCITY_URL"), login.json().getString("url"), "stored without /api/v1");
        Path config = ConfigFile.of(new Console(System.out, System.err, noEnv, false)).path();
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(config)));
        assertFalse(login.out().contains(KEY) || login.err().contains(KEY));

        assertEquals(0, CliRun.run(noEnv, "audit", "verify", "--schema", "platform", "--profile", "ci").exit());
        assertEquals(2, CliRun.run(noEnv, "audit", "verify", "--schema", "platform").exit(), "no default profile");

        Files.writeString(keyFile, "wrong-key");
        Path other = dir.resolve("other-home");
        CliRun refused = CliRun.run(Map.of("HOME", other.toString()), "login", "--url", url, "--key-file",
                keyFile.toString());
        assertEquals(3, refused.exit(), refused.toString());
        assertTrue(refused.err().contains("UNAUTHENTICATED"), refused.err());
        assertFalse(Files.exists(other.resolve(".config/velocity/config")), "nothing stored for a refused key");
    }

    @Test
    void loginRefusesPlainHttpToAnotherMachine() throws IOException {
        Path keyFile = dir.resolve("key");
        Files.writeString(keyFile, KEY);
        CliRun r = CliRun.run(Map.of("HOME", dir.toString()), "login", "--url", "http://velocity.example",
                "--key-file", keyFile.toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("use https://"), r.err());
    }

    @Test
    void anExportIsWrittenPrivateAndWholeOrNotAtAll() throws IOException {
        Path file = dir.resolve("platform.jsonl");
        CliRun r = CliRun.run(env, "audit", "export", "--schema", "platform", "-f", file.toString(), "-o", "json");
        assertEquals(0, r.exit(), r.toString());
        assertEquals(10, r.json().getInt("events"));
        assertEquals(exportBody.length, Files.size(file));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals(0, CliRun.run(env, "audit", "verify", "--file", file.toString()).exit());

        String text = new String(exportBody, StandardCharsets.UTF_8);
        exportBody = text.substring(0, text.indexOf("{\"type\":\"end\"")).getBytes(StandardCharsets.UTF_8);
        Path broken = dir.resolve("broken.jsonl");
        CliRun cut = CliRun.run(env, "audit", "export", "--schema", "platform", "-f", broken.toString());
        assertEquals(3, cut.exit(), cut.toString());
        assertTrue(cut.err().contains("broke off"), cut.err());
        assertFalse(Files.exists(broken));
        try (var files = Files.list(dir)) {
            assertNull(files.filter(p -> p.getFileName().toString().endsWith(".part")).findAny().orElse(null));
        }
    }

    @Test
    void anExportToStdoutIsTheExportItself() {
        CliRun r = CliRun.run(env, "audit", "export", "--schema", "platform");
        assertEquals(0, r.exit(), r.toString());
        assertEquals(new String(exportBody, StandardCharsets.UTF_8), r.out());
    }
}
