package sh.velocity.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sh.velocity.cli.FakeApi.Answer;

/**
 * {@code velocity record …}: the routes, query strings and headers each subcommand sends
 * (filters, cursor, If-Match, Idempotency-Key, merge patch), the table and JSON shapes it prints,
 * {@code --all} following every cursor, and the search tier.
 */
class RecordCommandsTest {

    private static final String KEY = "vk_records_test_key";
    private static final String PATH = "acme/supply-chain/procurement/purchase-order/v1";
    private static final String ROUTE = "/records/" + PATH;
    private static final String RECORD = "{\"id\":\"3f1c\",\"po_number\":\"PO-1\",\"amount\":12.5,\"currency\":\"USD\","
            + "\"credit_card\":\"************1111\",\"version\":1,\"createdAt\":\"2026-11-22T09:00:00Z\","
            + "\"updatedAt\":\"2026-11-22T09:00:00Z\"}";

    @TempDir
    Path dir;

    private FakeApi api;
    private Map<String, String> env;

    @BeforeEach
    void start() throws IOException {
        api = new FakeApi(KEY);
        env = api.env(dir);
        api.on("POST " + ROUTE, r -> Answer.json(201, RECORD).withHeader("Location", "records/" + PATH + "/3f1c"));
        api.on("GET " + ROUTE + "/3f1c", Answer.json(200, RECORD));
        api.on("PATCH " + ROUTE + "/3f1c", Answer.json(200, RECORD.replace("\"version\":1", "\"version\":2")));
        api.on("DELETE " + ROUTE + "/3f1c", Answer.empty(204));
        api.on("GET " + ROUTE, r -> r.query().contains("cursor=page2")
                ? Answer.json(200, "{\"items\":[{\"id\":\"b\",\"po_number\":\"PO-2\",\"notes\":\"second\\npage\"}],"
                + "\"nextCursor\":null}")
                : Answer.json(200, "{\"items\":[" + RECORD + "],\"nextCursor\":\"page2\"}"));
        api.on("GET " + ROUTE + "/search", Answer.json(200, "{\"items\":[" + RECORD + "],\"nextCursor\":null}")
                .withHeader("X-Velocity-Search-Tier", "2"));
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void createSendsTheDataFromAnArgumentAFileOrStdinWithTheIdempotencyKey() throws IOException {
        CliRun r = CliRun.run(env, "record", "create", "--schema", PATH, "--data",
                "{\"po_number\":\"PO-1\",\"amount\":12.5,\"currency\":\"USD\"}", "--idempotency-key", "order-1");
        assertEquals(0, r.exit(), r.toString());
        assertEquals("Created record 3f1c in " + PATH, r.firstLine());
        assertTrue(r.out().contains("credit_card  ************1111"), r.out());
        FakeApi.Request sent = api.requests("POST " + ROUTE).get(0);
        assertEquals("{\"po_number\":\"PO-1\",\"amount\":12.5,\"currency\":\"USD\"}", sent.body());
        assertEquals("order-1", sent.header("idempotency-key"));
        assertEquals("application/json", sent.header("content-type"));

        Path data = dir.resolve("po.json");
        Files.writeString(data, "{\"po_number\":\"PO-9\"}");
        CliRun fromFile = CliRun.run(env, "record", "create", "--schema", PATH, "--data", "@" + data, "-o", "json");
        assertEquals("3f1c", fromFile.json().getString("id", null), fromFile.toString());
        assertEquals("{\"po_number\":\"PO-9\"}", api.requests("POST " + ROUTE).get(1).body());
        assertEquals(0, CliRun.run(env, "{\"po_number\":\"PO-7\"}", false, "record", "create", "--schema", PATH,
                "--data", "@-").exit());
        assertEquals("{\"po_number\":\"PO-7\"}", api.requests("POST " + ROUTE).get(2).body());

        assertEquals(2, CliRun.run(env, "record", "create", "--schema", PATH, "--data", "[1]").exit());
        assertEquals(2, CliRun.run(env, "record", "create", "--schema", "acme/po", "--data", "{}").exit());
        assertEquals(3, api.requests.size(), "usage errors send nothing");
    }

    @Test
    void getUpdateAndDeleteCarryUnmaskIfMatchAndAMergePatch() {
        CliRun get = CliRun.run(env, "record", "get", "--schema", PATH, "3f1c", "--unmask");
        assertEquals(0, get.exit(), get.toString());
        assertEquals("unmask=true", api.requests("GET " + ROUTE + "/3f1c").get(0).query());
        assertEquals("FIELD        VALUE", get.firstLine());

        CliRun update = CliRun.run(env, "record", "update", "--schema", PATH, "3f1c", "--data", "{\"notes\":null}",
                "--if-match", "1", "-o", "json");
        assertEquals(2, update.json().getInt("version"));
        FakeApi.Request patch = api.requests("PATCH " + ROUTE + "/3f1c").get(0);
        assertEquals("\"1\"", patch.header("if-match"));
        assertEquals("application/merge-patch+json", patch.header("content-type"));
        assertEquals("{\"notes\":null}", patch.body());

        CliRun delete = CliRun.run(env, "record", "delete", "--schema", PATH, "3f1c", "--if-match", "2",
                "--idempotency-key", "del-1", "-o", "json");
        assertEquals(0, delete.exit(), delete.toString());
        assertTrue(delete.json().getBoolean("deleted"));
        FakeApi.Request del = api.requests("DELETE " + ROUTE + "/3f1c").get(0);
        assertEquals("\"2\"", del.header("if-match"));
        assertEquals("del-1", del.header("idempotency-key"));
        assertEquals(2, CliRun.run(env, "record", "get", "--schema", PATH, "../../api-keys").exit(), "one segment only");
    }

    @Test
    void listShowsAnAlignedTableAndFollowsEveryCursorWithAll() {
        CliRun one = CliRun.run(env, "record", "list", "--schema", PATH, "--filter", "currency=US D", "--limit", "1",
                "--sort", "-amount");
        assertEquals(0, one.exit(), one.toString());
        assertEquals("filter[currency]=US D&limit=1&sort=-amount", api.requests("GET " + ROUTE).get(0).query());
        List<String> lines = one.out().lines().toList();
        assertTrue(lines.get(0).matches("ID +PO_NUMBER +AMOUNT +CURRENCY +CREDIT_CARD +VERSION +CREATED_AT +UPDATED_AT"),
                lines.get(0));
        assertEquals(lines.get(0).indexOf("PO_NUMBER"), lines.get(1).indexOf("PO-1"), "aligned columns");
        assertEquals("More records: add --cursor page2 (or --all)", lines.get(2));

        JsonObject all = CliRun.run(env, "record", "list", "--schema", PATH, "--all", "-o", "json").json();
        assertEquals(2, all.getJsonArray("items").size());
        assertTrue(all.isNull("nextCursor"));
        CliRun table = CliRun.run(env, "record", "list", "--schema", PATH, "--all");
        assertTrue(table.out().contains("second\\npage"), "a newline in a value stays in its cell: " + table.out());
        assertFalse(table.out().contains("More records"));
        assertEquals("", table.err(), "no progress when not on a terminal");

        assertEquals(2, CliRun.run(env, "record", "list", "--schema", PATH, "--filter", "nofield").exit());
        assertEquals(2, CliRun.run(env, "record", "list", "--schema", PATH, "--limit", "0").exit());
    }

    @Test
    void queryNamesTheSearchTierInTheTableAndTheJson() {
        CliRun text = CliRun.run(env, "record", "query", "--schema", PATH, "--q", "PO 1");
        assertEquals(0, text.exit(), text.toString());
        assertEquals("Search tier 2 (PostgreSQL full-text): 1 match", text.firstLine());
        assertEquals("q=PO 1", api.requests("GET " + ROUTE + "/search").get(0).query());
        JsonObject json = CliRun.run(env, "record", "query", "--schema", PATH, "--q", "PO", "-o", "json").json();
        assertEquals(2, json.getInt("tier"));
        assertEquals("3f1c", json.getJsonArray("items").getJsonObject(0).getString("id"));
        assertTrue(json.isNull("nextCursor"));
    }

    @Test
    void aServerRefusalPrintsItsCodeDetailAndFieldsAndExitsThree() {
        api.on("POST " + ROUTE, new Answer(400, "application/problem+json", "{\"status\":400,\"code\":\"VALIDATION_FAILED\","
                + "\"detail\":\"Invalid amount or currency\",\"errors\":[{\"field\":\"currency\",\"message\":\"must be "
                + "USD or EUR\"}]}", Map.of()));
        CliRun r = CliRun.run(env, "record", "create", "--schema", PATH, "--data", "{\"currency\":\"GBP\"}");
        assertEquals(3, r.exit());
        assertEquals("", r.out());
        assertTrue(r.err().contains("400 VALIDATION_FAILED: Invalid amount or currency"), r.err());
        assertTrue(r.err().contains("  currency: must be USD or EUR"), r.err());
        JsonObject e = CliRun.run(env, "record", "create", "--schema", PATH, "--data", "{}", "-o", "json").json()
                .getJsonObject("error");
        assertEquals("currency", e.getJsonArray("errors").getJsonObject(0).getString("field"));
    }
}
