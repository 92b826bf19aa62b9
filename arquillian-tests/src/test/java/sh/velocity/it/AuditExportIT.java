package sh.velocity.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import sh.velocity.cli.VelocityCli;
import sh.velocity.cli.io.Console;
import sh.velocity.it.stack.TestStack;
import sh.velocity.it.support.Api;
import sh.velocity.it.support.Deployments;
import sh.velocity.it.support.Manifests;

/**
 * Issue 6, acceptance 3: an export taken through {@code GET /api/v1/audit/export} and verified
 * offline by the CLI (its main entry, in-process, with the server's published key pinned) passes;
 * the same export with one byte of one event changed fails and names that event, with exit 1.
 * Also: the CLI downloads and verifies through the API itself, the export is audited, and a key
 * without {@code audit.export} is refused with the server's problem code and exit 3.
 */
@ExtendWith(ArquillianExtension.class)
class AuditExportIT {

    @Deployment(testable = false)
    static EnterpriseArchive app() {
        return Deployments.velocity();
    }

    /** One in-process run of {@code velocity}: exit code and output. */
    private record Cli(int exit, String out, String err) {

        static Cli run(Map<String, String> env, String... args) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int exit = VelocityCli.run(args, new Console(new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8), env, false));
            return new Cli(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        }

        String firstLine() {
            return out.lines().findFirst().orElse("");
        }

        JsonObject json() {
            try (JsonReader r = Json.createReader(new StringReader(out))) {
                return r.readObject();
            }
        }
    }

    @Test
    void anExportVerifiesOfflineAndOneChangedByteFailsNamingItsEvent() throws Exception {
        String name = "chain-exported";
        String path = Manifests.pathOf(name);
        Api admin = Api.admin();
        admin.post("/api/v1/schemas", "application/yaml", Manifests.exampleNamed(name)).expect(201);
        for (int i = 1; i <= 9; i++) {
            admin.postJson("/api/v1/records/" + path, Json.createObjectBuilder().add("po_number", "E-" + i)
                    .add("amount", i).add("currency", "EUR").add("notes", "Zoë's \"order\" #" + i).build()).expect(201);
            if (i == 5 || i == 9) {
                admin.post("/api/v1/audit/checkpoints", "application/json", "").expect(200);
            }
        }
        int events = admin.get("/api/v1/audit/verify?schema=" + path).expect(200).json().getInt("events");
        assertTrue(events >= 9, "one event per record at least: " + events);

        Api.Response response = admin.get("/api/v1/audit/export?schema=" + path).expect(200);
        assertTrue(response.header("Content-Type").startsWith("application/x-ndjson"), response.header("Content-Type"));
        Path dir = Files.createTempDirectory("audit-export-it");
        Path export = dir.resolve("export.jsonl");
        Files.writeString(export, response.body(), StandardCharsets.UTF_8);
        List<String> lines = Files.readAllLines(export, StandardCharsets.UTF_8);
        assertTrue(lines.get(0).contains("\"format\":\"velocity-audit-export-v1\""), lines.get(0));
        assertTrue(lines.stream().filter(l -> l.startsWith("{\"type\":\"checkpoint\"")).count() >= 2, "two seals at least");
        Path key = dir.resolve("velocity-audit-key.json");
        Files.writeString(key, Api.anonymous().get("/.well-known/velocity-audit-key.json").expect(200).body());

        Map<String, String> offline = Map.of("HOME", dir.toString());
        Cli ok = Cli.run(offline, "audit", "verify", "--file", export.toString(), "--trusted-key", key.toString());
        assertEquals(0, ok.exit(), ok.out() + ok.err());
        assertEquals("✓ Audit chain valid (" + events + " events, 0 tampering detected)", ok.firstLine());

        // One byte of event 4's actor, changed.
        int line = lineOfEvent(lines, 4);
        String original = lines.get(line - 1);
        int at = original.indexOf("\"actor\":\"") + "\"actor\":\"".length();
        byte[] bytes = Files.readAllBytes(export);
        bytes[offsetOfLine(bytes, line) + at] ^= 0x01;
        Path changed = dir.resolve("changed.jsonl");
        Files.write(changed, bytes);
        Cli bad = Cli.run(offline, "audit", "verify", "--file", changed.toString(), "--trusted-key", key.toString());
        assertEquals(1, bad.exit(), bad.out() + bad.err());
        assertEquals("✗ Audit chain invalid (hash mismatch at event 4)", bad.firstLine(), bad.out());
        assertEquals("", bad.err(), "no stack trace");
        JsonObject json = Cli.run(offline, "audit", "verify", "--file", changed.toString(), "-o", "json").json();
        assertFalse(json.getBoolean("valid"));
        assertEquals(4, json.getInt("firstBadEvent"));
        assertEquals(line, json.getInt("line"));

        // The CLI against the server itself: download, verify offline, verify online.
        Map<String, String> online = new HashMap<>(offline);
        online.put("VELOCITY_URL", TestStack.current().baseUrl());
        online.put("VELOCITY_API_KEY", admin.key());
        Path downloaded = dir.resolve("downloaded.jsonl");
        Cli download = Cli.run(online, "audit", "export", "--schema", path, "-f", downloaded.toString(), "-o", "json");
        assertEquals(0, download.exit(), download.out() + download.err());
        assertEquals(events, download.json().getInt("events"));
        assertEquals(0, Cli.run(offline, "audit", "verify", "--file", downloaded.toString(), "--trusted-key",
                key.toString()).exit());
        Cli server = Cli.run(online, "audit", "verify", "--schema", path);
        assertEquals(0, server.exit(), server.out() + server.err());
        assertEquals(ok.firstLine(), server.firstLine(), "the server and the offline check say the same");
        assertFalse(download.out().contains(admin.key()) || server.out().contains(admin.key()));

        // Every export is on record, on the platform chain.
        List<JsonObject> exports = new ArrayList<>();
        admin.get("/api/v1/audit/events?schema=platform&limit=100").expect(200).json().getJsonArray("items")
                .forEach(v -> {
                    JsonObject e = v.asJsonObject();
                    if (e.getString("operation").equals("audit.export") && e.getString("result").equals("success")
                            && e.getString("payload").contains(path)) {
                        exports.add(e);
                    }
                });
        assertEquals(2, exports.size(), "the route's and the CLI's export: " + exports);

        // The platform chain exports and verifies offline exactly as the server verifies it.
        Path platform = dir.resolve("platform.jsonl");
        assertEquals(0, Cli.run(online, "audit", "export", "--schema", "platform", "-f", platform.toString()).exit());
        boolean serverSaysValid = admin.get("/api/v1/audit/verify?schema=platform").expect(200).json()
                .getBoolean("valid");
        assertEquals(serverSaysValid ? 0 : 1, Cli.run(offline, "audit", "verify", "--file", platform.toString()).exit());
    }

    @Test
    void aKeyWithoutAuditExportIsRefusedWithTheServersCode() {
        Api admin = Api.admin();
        String reader = admin.createKey("export-reader", "reader");
        Map<String, String> env = Map.of("HOME", System.getProperty("java.io.tmpdir"), "VELOCITY_URL",
                TestStack.current().baseUrl(), "VELOCITY_API_KEY", reader);
        Cli refused = Cli.run(env, "audit", "export", "--schema", "platform", "-o", "json");
        assertEquals(3, refused.exit(), refused.out() + refused.err());
        assertEquals("FORBIDDEN", refused.json().getJsonObject("error").getString("code"));
        assertFalse(refused.out().contains(reader) || refused.err().contains(reader));
        Api.withKey(reader).get("/api/v1/audit/export?schema=platform").problem(403, "FORBIDDEN");
    }

    private static int lineOfEvent(List<String> lines, long seq) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith("{\"type\":\"event\"") && lines.get(i).contains(",\"seq\":" + seq + ",")) {
                return i + 1;
            }
        }
        throw new AssertionError("no event " + seq);
    }

    private static int offsetOfLine(byte[] bytes, int line) {
        int offset = 0;
        for (int l = 1; l < line; l++) {
            while (bytes[offset] != '\n') {
                offset++;
            }
            offset++;
        }
        return offset;
    }
}
