package sh.velocity.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sh.velocity.cli.FakeApi.Answer;

/**
 * {@code velocity api-key …}, {@code role-binding …} and {@code audit events}: bodies and routes,
 * and the one secret the CLI prints, a new key, exactly once on stdout and never in a trace.
 */
class KeyAndBindingCommandsTest {

    private static final String KEY = "vk_admin_key_in_use";
    private static final String NEW_KEY = "vk_live_new_key_shown_once";
    private static final String ID = "7c0e8a52-7f3e-4c55-a0a8-0a3d2f0c9b11";

    @TempDir
    Path dir;

    private FakeApi api;
    private Map<String, String> env;

    @BeforeEach
    void start() throws IOException {
        api = new FakeApi(KEY);
        env = api.env(dir);
        String issued = "{\"id\":\"" + ID + "\",\"name\":\"ci\",\"principal\":\"ci\",\"key\":\"" + NEW_KEY + "\","
                + "\"expiresAt\":\"2027-02-20T09:00:00Z\"}";
        api.on("POST /api-keys", Answer.json(201, issued));
        api.on("POST /api-keys/" + ID + "/rotate", Answer.json(201, issued.replace("}", ",\"replaces\":\"old\"}")));
        api.on("GET /api-keys", Answer.json(200, "{\"items\":[{\"id\":\"" + ID + "\",\"name\":\"ci\",\"principal\":\"ci\","
                + "\"hint\":\"…once\",\"createdAt\":\"2026-11-22T09:00:00Z\",\"expiresAt\":\"2027-02-20T09:00:00Z\","
                + "\"revokedAt\":null}],\"nextCursor\":null}"));
        api.on("DELETE /api-keys/" + ID, Answer.empty(204));
        api.on("POST /role-bindings", Answer.json(201, "{\"id\":\"rb-1\",\"principal\":\"alice\",\"role\":\"reader\","
                + "\"pathPrefix\":\"acme\",\"createdAt\":\"2026-11-22T09:00:00Z\",\"createdBy\":\"admin\"}"));
        api.on("GET /role-bindings", Answer.json(200, "{\"items\":[],\"nextCursor\":null}"));
        api.on("DELETE /role-bindings/rb-1", Answer.empty(204));
        api.on("GET /audit/events", Answer.json(200, "{\"items\":[{\"seq\":2,\"chain\":\"platform\",\"actor\":\"admin\","
                + "\"operation\":\"apikey.create\",\"resource\":\"apikey/1\",\"result\":\"success\",\"failMode\":null,"
                + "\"createdAt\":\"2026-11-22T09:00:00Z\"}],\"nextCursor\":\"2\"}"));
    }

    @AfterEach
    void stop() {
        api.close();
    }

    private static int count(String haystack, String needle) {
        int n = 0;
        for (int i = haystack.indexOf(needle); i >= 0; i = haystack.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }

    @Test
    void aNewKeyIsPrintedOnceOnStdoutAndNowhereElseEvenWithVerbose() {
        CliRun r = CliRun.run(env, "api-key", "create", "--name", "ci", "--ttl", "90d", "--role", "reader", "--role",
                "writer", "--verbose");
        assertEquals(0, r.exit(), r.toString());
        assertEquals(1, count(r.out(), NEW_KEY), r.out());
        assertFalse(r.err().contains(NEW_KEY) || r.err().contains(KEY) || r.out().contains(KEY), r.toString());
        assertTrue(r.err().contains("> POST http://127.0.0.1:") && r.err().contains("< 201"), r.err());
        assertEquals("{\"name\":\"ci\",\"ttl\":\"90d\",\"roles\":[\"reader\",\"writer\"]}",
                api.requests("POST /api-keys").get(0).body());

        JsonObject json = CliRun.run(env, "api-key", "create", "--name", "ci", "--ttl", "90d", "-o", "json").json();
        assertEquals(NEW_KEY, json.getString("key"));
        CliRun yaml = CliRun.run(env, "api-key", "create", "--name", "ci", "--ttl", "90d", "-o", "yaml", "--verbose");
        assertEquals(1, count(yaml.out(), NEW_KEY));
        assertFalse(yaml.err().contains(NEW_KEY));

        CliRun rotated = CliRun.run(env, "api-key", "rotate", ID, "--overlap", "1h", "--verbose");
        assertEquals(0, rotated.exit(), rotated.toString());
        assertEquals(1, count(rotated.out(), NEW_KEY));
        assertFalse(rotated.err().contains(NEW_KEY) || rotated.err().contains(KEY));
        assertTrue(rotated.firstLine().contains("keeps working for 1h"), rotated.out());
        assertEquals("{\"overlap\":\"1h\"}", api.requests("POST /api-keys/" + ID + "/rotate").get(0).body());
    }

    @Test
    void listRevokeAndTheExpiredFilter() {
        CliRun list = CliRun.run(env, "api-key", "list", "--expired");
        assertEquals(0, list.exit(), list.toString());
        assertEquals("expired=true", api.requests("GET /api-keys").get(0).query());
        assertTrue(list.firstLine().matches("ID +NAME +PRINCIPAL +HINT +CREATED +EXPIRES +REVOKED"), list.firstLine());
        assertEquals(1, CliRun.run(env, "api-key", "list", "-o", "json").json().getJsonArray("items").size());
        CliRun revoke = CliRun.run(env, "api-key", "revoke", ID, "-o", "json");
        assertTrue(revoke.json().getBoolean("revoked"));
        assertEquals(1, api.requests("DELETE /api-keys/" + ID).size());
        CliRun unknown = CliRun.run(env, "api-key", "revoke", "0000");
        assertEquals(3, unknown.exit());
        assertTrue(unknown.err().contains("404 NOT_FOUND"), unknown.err());
    }

    @Test
    void roleBindingsMapPathToTheSchemaPrefixTheServerTakes() {
        CliRun created = CliRun.run(env, "role-binding", "create", "--principal", "alice", "--role", "reader", "--path",
                "acme", "-o", "json");
        assertEquals("rb-1", created.json().getString("id"));
        assertEquals("{\"principal\":\"alice\",\"role\":\"reader\",\"schemaPrefix\":\"acme\"}",
                api.requests("POST /role-bindings").get(0).body());
        assertEquals("No role bindings.\n", CliRun.run(env, "role-binding", "list").out());
        assertTrue(CliRun.run(env, "role-binding", "delete", "rb-1", "-o", "json").json().getBoolean("deleted"));
        assertEquals(2, CliRun.run(env, "role-binding", "create", "--principal", "alice").exit(), "--role and --path");
    }

    @Test
    void auditEventsPageThroughAChain() {
        CliRun r = CliRun.run(env, "audit", "events", "--schema", "platform", "--limit", "1");
        assertEquals(0, r.exit(), r.toString());
        assertEquals("schema=platform&limit=1", api.requests("GET /audit/events").get(0).query());
        assertTrue(r.out().contains("apikey.create"), r.out());
        assertTrue(r.out().endsWith("Older events: add --cursor 2\n"), r.out());
        assertEquals("2", CliRun.run(env, "audit", "events", "--schema", "platform", "-o", "json").json()
                .getString("nextCursor"));
    }
}
