package sh.velocity.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
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

/** The records API as an application builds on it: CRUD, concurrency, queries, masking. */
@ExtendWith(ArquillianExtension.class)
class RecordsApiIT {

    private static final String CARD = "4111111111111111";

    @Deployment(testable = false)
    static EnterpriseArchive app() {
        return Deployments.velocity();
    }

    @Test
    void createPatchDeleteWithOptimisticConcurrency() throws Exception {
        String records = schema("crud");
        Api admin = Api.admin();
        Api.Response created = admin.postJson(records, po("C-1", "10", "USD").add("notes", "first").build()).expect(201);
        String id = created.json().getString("id");
        assertEquals("\"1\"", created.header("ETag"));

        Api.Response patched = patch(admin, records + "/" + id, "{\"notes\": \"second\", \"amount\": 11}", null);
        assertEquals(200, patched.status(), patched.body());
        assertEquals(2, patched.json().getInt("version"));
        assertEquals("second", patched.json().getString("notes"));
        assertEquals("\"2\"", patched.header("ETag"));

        patch(admin, records + "/" + id, "{\"notes\": \"stale\"}", "\"1\"").problem(412, "PRECONDITION_FAILED");
        assertEquals("third", patch(admin, records + "/" + id, "{\"notes\": \"third\"}", "\"2\"").expect(200).json()
                .getString("notes"));
        assertEquals(JsonValue.NULL, patch(admin, records + "/" + id, "{\"notes\": null}", null).expect(200).json()
                .get("notes"), "null removes a value");

        patch(admin, records + "/" + id, "{\"po_number\": null}", null).problem(400, "VALIDATION_FAILED");
        patch(admin, records + "/" + id, "{\"notes\": \"" + "n".repeat(1001) + "\"}", null).problem(400, "VALIDATION_FAILED");
        patch(admin, records + "/" + id, "{\"bogus\": null}", null).problem(400, "VALIDATION_FAILED");
        patch(admin, records + "/" + id, "{\"id\": \"x\"}", null).problem(400, "VALIDATION_FAILED");
        JsonObject rule = patch(admin, records + "/" + id, "{\"amount\": -1}", null).problem(400, "VALIDATION_FAILED");
        assertEquals("Invalid amount or currency", rule.getString("detail"));
        assertEquals(4, admin.get(records + "/" + id).expect(200).json().getInt("version"), "failed patches change nothing");

        delete(admin, records + "/" + id, "\"3\"").problem(412, "PRECONDITION_FAILED");
        assertEquals(204, delete(admin, records + "/" + id, "\"4\"").status());
        admin.get(records + "/" + id).problem(404, "NOT_FOUND");
        delete(admin, records + "/" + id, null).problem(404, "NOT_FOUND");

        assertEquals(List.of("created", "updated", "updated", "updated", "deleted"), outboxEvents("crud", id));
        assertTrue(admin.get("/api/v1/audit/verify?schema=" + Manifests.pathOf("crud")).json().getBoolean("valid"));
    }

    @Test
    void filtersSortAndPagingReturnEveryRecordExactlyOnce() {
        String records = schema("paging");
        Sql.admin("INSERT INTO acme_supply_chain_procurement.paging_v1 (created_by, updated_by, po_number, amount, currency) "
                + "SELECT 'seed', 'seed', 'P-' || g, CASE WHEN g % 10 = 0 THEN NULL ELSE g % 97 END, "
                + "CASE WHEN g % 3 = 0 THEN 'EUR' ELSE 'USD' END FROM generate_series(1, 10000) g");
        Api admin = Api.admin();
        for (String sort : new String[] {"createdAt", "-createdAt", "-amount", "amount"}) {
            Set<String> seen = new HashSet<>();
            List<BigDecimal> amounts = new ArrayList<>();
            String cursor = null;
            int pages = 0;
            do {
                JsonObject page = admin.get(records + "?limit=1000&sort=" + sort
                        + (cursor == null ? "" : "&cursor=" + cursor)).expect(200).json();
                for (JsonValue v : page.getJsonArray("items")) {
                    JsonObject r = v.asJsonObject();
                    assertTrue(seen.add(r.getString("id")), sort + ": record served twice");
                    amounts.add(r.isNull("amount") ? null : r.getJsonNumber("amount").bigDecimalValue());
                }
                cursor = page.isNull("nextCursor") ? null : page.getString("nextCursor");
                pages++;
            } while (cursor != null);
            assertEquals(10_000, seen.size(), sort);
            assertTrue(pages >= 10, sort);
            if (sort.endsWith("amount")) {
                assertSortedNullsLast(amounts, sort.startsWith("-"));
            }
        }
        JsonObject eur = admin.get(records + "?limit=1000&filter%5Bcurrency%5D=EUR&filter%5Bamount%5D=3").expect(200).json();
        for (JsonValue v : eur.getJsonArray("items")) {
            assertEquals("EUR", v.asJsonObject().getString("currency"));
            assertEquals(3, v.asJsonObject().getInt("amount"));
        }
        assertEquals(Sql.adminCount("SELECT count(*) FROM acme_supply_chain_procurement.paging_v1 "
                + "WHERE currency = 'EUR' AND amount = 3"), eur.getJsonArray("items").size());

        admin.get(records + "?filter%5Bcredit_card%5D=4111").problem(400, "VALIDATION_FAILED");
        admin.get(records + "?sort=credit_card").problem(400, "VALIDATION_FAILED");
        admin.get(records + "?filter%5Bnope%5D=1").problem(400, "VALIDATION_FAILED");
        admin.get(records + "?filter%5Bamount%5D=ten").problem(400, "VALIDATION_FAILED");
        admin.get(records + "?limit=1001").problem(400, "INVALID_REQUEST");
        admin.get(records + "?cursor=garbage").problem(400, "INVALID_REQUEST");
    }

    @Test
    void cardNumbersLeaveMaskedEverywhereAndUnmaskingIsPermittedAndAudited() throws IOException {
        String path = Manifests.pathOf("masking");
        String records = schema("masking");
        Api admin = Api.admin();
        JsonObject created = admin.postJson(records, po("M-1", "5", "USD").add("credit_card", CARD).build())
                .expect(201).json();
        String id = created.getString("id");
        assertEquals("************1111", created.getString("credit_card"));
        assertEquals("************1111", admin.get(records + "/" + id).expect(200).json().getString("credit_card"));
        JsonArray listed = admin.get(records).expect(200).json().getJsonArray("items");
        assertEquals("************1111", listed.getJsonObject(0).getString("credit_card"));

        String readerKey = admin.createKey("masking-reader");
        admin.postJson("/api/v1/role-bindings", Json.createObjectBuilder().add("principal", "masking-reader")
                .add("role", "reader").add("schemaPrefix", path).build()).expect(201);
        Api reader = Api.withKey(readerKey);
        assertEquals("************1111", reader.get(records + "/" + id).expect(200).json().getString("credit_card"));
        reader.get(records + "/" + id + "?unmask=true").problem(403, "FORBIDDEN");
        assertEquals(1, Sql.adminCount("SELECT count(*) FROM platform.audit_log WHERE actor = 'masking-reader' "
                + "AND operation = 'record.unmask' AND result = 'denied'"));

        assertEquals(CARD, admin.get(records + "/" + id + "?unmask=true").expect(200).json().getString("credit_card"));
        assertEquals(1, Sql.adminCount("SELECT count(*) FROM platform.audit_log WHERE chain = ? AND actor = "
                + "'bootstrap-admin' AND operation = 'record.unmask' AND result = 'success'", path));
        assertTrue(Sql.adminCount("SELECT count(*) FROM platform.audit_log WHERE chain = ? AND operation = 'record.read' "
                + "AND actor = 'masking-reader'", path) >= 1, "reads of a sensitive schema are audited");

        assertEquals(0, Sql.adminCount("SELECT count(*) FROM acme_supply_chain_procurement.masking_v1_outbox "
                + "WHERE payload::text LIKE '%' || ? || '%'", CARD));
        assertEquals(1, Sql.adminCount("SELECT count(*) FROM acme_supply_chain_procurement.masking_v1_outbox "
                + "WHERE payload->>'credit_card' = '************1111'"));
        assertEquals(0, Sql.adminCount("SELECT count(*) FROM platform.audit_log WHERE payload::text LIKE '%' || ? || '%'",
                CARD));
        try (Stream<Path> files = Files.walk(TestStack.current().serverLogDir())) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                assertFalse(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1).contains(CARD),
                        "card number in " + f);
            }
        }
    }

    /**
     * A type without masked fields is read outside any transaction: the binding and the read travel
     * as one message (ADR 0005, amended). Each caller sees what its bindings allow, a caller without
     * one sees nothing, also right after another caller's read on the same pool, and nothing is
     * audited.
     */
    @Test
    void aTypeWithoutMaskedFieldsIsReadInOneMessageUnderEachCallersBindings() {
        String name = "unaudited-reads";
        String path = Manifests.pathOf(name);
        String manifest = Manifests.exampleNamed(name).replace("""
                      sensitivity: pii
                      masking:
                        strategy: partial
                        visibleChars: 4
                """, "");
        assertFalse(manifest.contains("masking:"), "the example's masking block was removed");
        Api admin = Api.admin();
        admin.post("/api/v1/schemas", "application/yaml", manifest).expect(201);
        String records = "/api/v1/records/" + path;
        String id = admin.postJson(records, po("U-1", "7", "EUR").add("credit_card", CARD).build()).expect(201)
                .json().getString("id");
        admin.postJson(records, po("U-2", "8", "USD").build()).expect(201);

        Api stranger = Api.withKey(admin.createKey("unaudited-stranger"));
        Api reader = Api.withKey(admin.createKey("unaudited-reader"));
        admin.postJson("/api/v1/role-bindings", Json.createObjectBuilder().add("principal", "unaudited-reader")
                .add("role", "reader").add("schemaPrefix", path).build()).expect(201);

        for (int round = 0; round < 3; round++) {
            assertEquals(CARD, admin.get(records + "/" + id).expect(200).json().getString("credit_card"));
            assertEquals(2, reader.get(records).expect(200).json().getJsonArray("items").size());
            assertEquals("U-1", reader.get(records + "/" + id).expect(200).json().getString("po_number"));
            stranger.get(records + "/" + id).problem(404, "NOT_FOUND");
            assertEquals(0, stranger.get(records).expect(200).json().getJsonArray("items").size(),
                    "no binding, no rows: the previous caller's principal did not stay on a pooled connection");
        }
        assertEquals(0, Sql.adminCount("SELECT count(*) FROM platform.audit_log WHERE chain = ? AND operation IN "
                + "('record.read', 'record.list')", path), "reads of a type without masked fields are not audited");
    }

    @Test
    void aFaultAfterTheRecordInsertLeavesNoRecordNoOutboxRowAndNoAuditEvent() {
        String name = "fault-outbox";
        String path = Manifests.pathOf(name);
        String records = schema(name);
        long eventsBefore = Sql.adminCount("SELECT count(*) FROM platform.audit_log WHERE chain = ? "
                + "AND result = 'success'", path);
        // The record row is inserted first; the outbox insert right after it fails.
        Sql.admin("""
                CREATE FUNCTION acme_supply_chain_procurement.test_fail_outbox() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    RAISE EXCEPTION 'injected fault after the record insert';
                END $$""",
                "CREATE TRIGGER test_fail_outbox BEFORE INSERT ON acme_supply_chain_procurement.fault_outbox_v1_outbox "
                        + "FOR EACH ROW EXECUTE FUNCTION acme_supply_chain_procurement.test_fail_outbox()");
        try {
            Api.Response r = Api.admin().postJson(records, po("F-1", "1", "USD").build());
            assertTrue(r.status() >= 500 && r.status() < 600, r.body());
            assertEquals("INTERNAL_ERROR", r.json().getString("code"));
        } finally {
            Sql.admin("DROP TRIGGER test_fail_outbox ON acme_supply_chain_procurement.fault_outbox_v1_outbox",
                    "DROP FUNCTION acme_supply_chain_procurement.test_fail_outbox()");
        }
        assertEquals(0, Sql.adminCount("SELECT count(*) FROM acme_supply_chain_procurement.fault_outbox_v1"));
        assertEquals(0, Sql.adminCount("SELECT count(*) FROM acme_supply_chain_procurement.fault_outbox_v1_outbox"));
        assertEquals(eventsBefore, Sql.adminCount("SELECT count(*) FROM platform.audit_log WHERE chain = ? "
                + "AND result = 'success'", path), "no success event for the rolled-back write");
        assertTrue(Api.admin().get("/api/v1/audit/verify?schema=" + path).json().getBoolean("valid"));
    }

    private static String schema(String name) {
        Api.admin().post("/api/v1/schemas", "application/yaml", Manifests.exampleNamed(name)).expect(201);
        return "/api/v1/records/" + Manifests.pathOf(name);
    }

    private static jakarta.json.JsonObjectBuilder po(String number, String amount, String currency) {
        return Json.createObjectBuilder().add("po_number", number).add("amount", new BigDecimal(amount))
                .add("currency", currency);
    }

    private static List<String> outboxEvents(String name, String id) {
        List<String> out = new ArrayList<>();
        for (String type : new String[] {"created", "updated", "deleted"}) {
            long n = Sql.adminCount("SELECT count(*) FROM acme_supply_chain_procurement." + name
                    + "_v1_outbox WHERE aggregate_id = ?::uuid AND event_type = ?", id, type);
            for (long i = 0; i < n; i++) {
                out.add(type);
            }
        }
        return out;
    }

    private static void assertSortedNullsLast(List<BigDecimal> values, boolean descending) {
        boolean seenNull = false;
        BigDecimal previous = null;
        for (BigDecimal v : values) {
            if (v == null) {
                seenNull = true;
                continue;
            }
            assertFalse(seenNull, "a value after NULLs");
            if (previous != null) {
                int cmp = v.compareTo(previous);
                assertTrue(descending ? cmp <= 0 : cmp >= 0, "order broken at " + v);
            }
            previous = v;
        }
    }

    private static Api.Response patch(Api api, String path, String body, String ifMatch) throws Exception {
        return send(HttpRequest.newBuilder(java.net.URI.create(TestStack.current().baseUrl() + path))
                .method("PATCH", HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/merge-patch+json"), api, ifMatch);
    }

    private static Api.Response delete(Api api, String path, String ifMatch) throws Exception {
        return send(HttpRequest.newBuilder(java.net.URI.create(TestStack.current().baseUrl() + path)).DELETE(),
                api, ifMatch);
    }

    private static Api.Response send(HttpRequest.Builder b, Api api, String ifMatch) throws Exception {
        b.header("Authorization", "Bearer " + api.key());
        if (ifMatch != null) {
            b.header("If-Match", ifMatch);
        }
        HttpResponse<String> r = HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Api.Response(r.statusCode(), r.body(), r);
    }
}
