package sh.velocity.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sh.velocity.cli.FakeApi.Answer;

/** {@code velocity change …}: the approval chain's routes, bodies, and what each step prints next. */
class ChangeCommandsTest {

    private static final String KEY = "vk_author_key";
    private static final String ID = "0b6c1f9e-4c1e-4a8a-9d43-5a0f6f0e2a11";
    private static final String MANIFEST = """
            apiVersion: velocity.sh/v1
            kind: SchemaDefinition
            metadata:
              name: account
              namespace: bank
            spec:
              domain: ledger
              subdomain: core
              version: v1
              fields:
                - name: iban
                  type: string
                  maxLength: 34
            """;

    @TempDir
    Path dir;

    private FakeApi api;
    private Map<String, String> env;

    private static String change(String status, String extra) {
        return "{\"id\":\"" + ID + "\",\"schemaPath\":\"bank/ledger/core/account/v1\",\"status\":\"" + status + "\","
                + "\"changes\":[\"created\"],\"breaking\":false,\"stale\":false,\"baseGeneration\":null,"
                + "\"submittedBy\":\"alice\",\"submittedAt\":\"2026-11-22T09:00:00Z\"" + extra + "}";
    }

    @BeforeEach
    void start() throws IOException {
        api = new FakeApi(KEY);
        env = api.env(dir);
        api.on("POST /schema-changes", Answer.json(201, change("pending", "")));
        api.on("GET /schema-changes", Answer.json(200, "{\"items\":[" + change("pending", "") + "],\"nextCursor\":\"7\"}"));
        api.on("GET /schema-changes/" + ID, Answer.json(200, change("approved", ",\"reviewedBy\":\"bob\","
                + "\"manifest\":\"kind: SchemaDefinition\"")));
        api.on("POST /schema-changes/" + ID + "/approve", Answer.json(200, change("approved", ",\"reviewedBy\":\"bob\"")));
        api.on("POST /schema-changes/" + ID + "/reject", Answer.json(200, change("rejected", ",\"reviewedBy\":\"bob\"")));
        api.on("POST /schema-changes/" + ID + "/apply", Answer.problem(403, "SEPARATION_OF_DUTIES",
                "You reviewed schema change " + ID + "; it must be applied by a third principal."));
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void submitSendsTheManifestAsWrittenAndSaysWhoIsNext() throws IOException {
        Path file = dir.resolve("account.yaml");
        Files.writeString(file, MANIFEST);
        CliRun r = CliRun.run(env, "change", "submit", "-f", file.toString());
        assertEquals(0, r.exit(), r.toString());
        assertEquals(MANIFEST, api.requests("POST /schema-changes").get(0).body());
        assertTrue(r.out().contains("Submitted change " + ID) && r.out().contains("velocity change approve " + ID),
                r.out());
        assertEquals(ID, CliRun.run(env, "change", "submit", "-f", file.toString(), "-o", "json").json()
                .getJsonArray("submitted").getJsonObject(0).getString("id"));
    }

    @Test
    void onlySchemaDefinitionsAreSubmitted() throws IOException {
        Path file = dir.resolve("binding.yaml");
        Files.writeString(file, "apiVersion: velocity.sh/v1\nkind: RoleBinding\nmetadata:\n  name: x\n"
                + "spec:\n  principal: a\n  role: reader\n  path: acme\n");
        CliRun r = CliRun.run(env, "change", "submit", "-f", file.toString());
        assertEquals(2, r.exit(), r.toString());
        assertTrue(api.requests("POST /schema-changes").isEmpty());
    }

    @Test
    void listFiltersByStatusAndPages() {
        CliRun r = CliRun.run(env, "change", "list", "--status", "pending", "--limit", "1");
        assertEquals(0, r.exit(), r.toString());
        assertEquals("status=pending&limit=1", api.requests("GET /schema-changes").get(0).query());
        assertTrue(r.firstLine().matches("ID +STATUS +SCHEMA +SUBMITTED_BY +REVIEWED_BY +APPLIED_BY +SUBMITTED"),
                r.firstLine());
        assertTrue(r.out().endsWith("Older changes: add --cursor 7\n"), r.out());
        assertEquals(2, CliRun.run(env, "change", "list", "--status", "merged").exit());
    }

    @Test
    void showApproveRejectAndARefusedApply() {
        CliRun shown = CliRun.run(env, "change", "show", ID, "--manifest");
        assertEquals(0, shown.exit(), shown.toString());
        assertTrue(shown.out().contains("reviewedBy") && shown.out().contains("kind: SchemaDefinition"), shown.out());

        CliRun approved = CliRun.run(env, "change", "approve", ID, "--comment", "lgtm");
        assertEquals(0, approved.exit(), approved.toString());
        assertEquals("{\"comment\":\"lgtm\"}", api.requests("POST /schema-changes/" + ID + "/approve").get(0).body());
        assertTrue(approved.out().contains("velocity change apply " + ID), approved.out());

        assertEquals(2, CliRun.run(env, "change", "reject", ID).exit(), "--reason is required");
        CliRun rejected = CliRun.run(env, "change", "reject", ID, "--reason", "no PII here", "-o", "json");
        assertEquals("rejected", rejected.json().getString("status"));
        assertEquals("{\"reason\":\"no PII here\"}", api.requests("POST /schema-changes/" + ID + "/reject").get(0).body());

        CliRun refused = CliRun.run(env, "change", "apply", ID);
        assertEquals(3, refused.exit(), refused.toString());
        assertTrue(refused.err().contains("403 SEPARATION_OF_DUTIES") && refused.err().contains("third principal"),
                refused.err());
    }
}
