package sh.velocity.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import sh.velocity.it.stack.TestStack;
import sh.velocity.it.support.Api;
import sh.velocity.it.support.DatabaseDump;
import sh.velocity.it.support.Deployments;
import sh.velocity.it.support.Sql;

/**
 * Field encryption at rest (issue 8): a database dump holds no plaintext of a pci, phi or secret
 * field; values read back masked, and in clear with unmask; a ciphertext that is altered or moved
 * fails closed; a key rotation re-encrypts every value in the background while reads and writes go
 * on, and every value still reads back afterwards.
 */
@ExtendWith(ArquillianExtension.class)
class FieldEncryptionIT {

    private static final String PATH = "encit/payments/cards/card/v1";
    private static final String TABLE = "encit_payments_cards.card_v1";

    @Deployment(testable = false)
    static EnterpriseArchive app() {
        return Deployments.velocity();
    }

    static String manifest(String namespace, String extraFields) {
        return """
                apiVersion: velocity.sh/v1
                kind: SchemaDefinition
                metadata:
                  name: card
                  namespace: %s
                spec:
                  domain: payments
                  subdomain: cards
                  version: v1
                  fields:
                    - name: holder
                      type: string
                      maxLength: 100
                      required: true
                    - name: card_number
                      type: string
                      maxLength: 19
                      sensitivity: pci
                      masking:
                        strategy: partial
                        visibleChars: 4
                    - name: diagnosis
                      type: string
                      maxLength: 200
                      sensitivity: phi
                    - name: birth_date
                      type: date
                      sensitivity: phi
                    - name: risk_score
                      type: integer
                      sensitivity: secret
                %s  search:
                    tier: 2
                    fields: [holder]
                """.formatted(namespace, extraFields);
    }

    @Test
    void aDumpHoldsNoPlaintextAndEveryValueReadsBackAcrossAKeyRotation() throws Exception {
        Api admin = Api.admin();
        admin.post("/api/v1/schemas", "application/yaml", manifest("encit", "")).expect(201);
        Map<String, JsonObject> written = new LinkedHashMap<>();
        for (int i = 0; i < 40; i++) {
            JsonObject body = record(i);
            JsonObject created = admin.postJson("/api/v1/records/" + PATH, body).expect(201).json();
            String card = body.getString("card_number");
            assertEquals("*".repeat(12) + card.substring(12), created.getString("card_number"), "masked on create");
            assertEquals("********", created.getString("diagnosis"));
            assertEquals("********", created.getString("risk_score"), "a masked integer is replaced whole");
            written.put(created.getString("id"), body);
        }
        String firstId = written.keySet().iterator().next();
        JsonObject patched = Json.createObjectBuilder(written.get(firstId)).add("card_number", "5500000000000004")
                .build();
        admin.patchJson("/api/v1/records/" + PATH + "/" + firstId,
                Json.createObjectBuilder().add("card_number", "5500000000000004").build()).expect(200);
        written.put(firstId, patched);
        String replayKey = "enc-" + hex(8);
        JsonObject idempotent = record(99);
        JsonObject first = createWithKey(idempotent, replayKey, 201);
        JsonObject replay = createWithKey(idempotent, replayKey, 201);
        assertEquals(first, replay, "the replayed response is the first one, masked");
        written.put(first.getString("id"), idempotent);

        assertEveryValueReadsBack(admin, written);
        JsonObject masked = admin.get("/api/v1/records/" + PATH + "/" + firstId).expect(200).json();
        assertEquals("************0004", masked.getString("card_number"));
        assertEquals("********", masked.getString("birth_date"));

        // the database holds ciphertext only, and refuses anything else in those columns
        assertEquals(0, Sql.adminCount("SELECT count(*) FROM " + TABLE + " WHERE card_number NOT LIKE 'vfe1.1.%' "
                + "OR diagnosis NOT LIKE 'vfe1.1.%' OR birth_date NOT LIKE 'vfe1.1.%' OR risk_score NOT LIKE 'vfe1.1.%'"));
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> Sql.admin("UPDATE " + TABLE
                + " SET card_number = '4111111111111111' WHERE id = '" + firstId + "'"));
        assertTrue(refused.getCause().getMessage().contains("check constraint"), refused.getCause().getMessage());
        assertEquals(1, Sql.adminCount("SELECT count(*) FROM platform.data_keys WHERE namespace = 'encit'"));

        DatabaseDump.Dump before = DatabaseDump.take();
        System.out.println("FieldEncryptionIT: dumped with " + before.method() + ", " + before.text().length()
                + " characters");
        assertNoPlaintext(before, written);
        assertTrue(before.text().contains("vfe1.1."), "the dump holds the ciphertexts");
        assertTrue(before.text().contains(written.get(firstId).getString("holder")), "unencrypted fields are in it");

        // rotate the organisation's key; reads and writes go on meanwhile
        JsonObject rotation = admin.postJson("/api/v1/encryption/rotations",
                Json.createObjectBuilder().add("namespace", "encit").build()).expect(202).json();
        assertEquals(2, rotation.getInt("keyVersion"));
        assertEquals(written.size() * 4L, rotation.getJsonNumber("total").longValue(), rotation.toString());
        String rotationUrl = "/api/v1/encryption/rotations/" + rotation.getString("id");
        admin.postJson("/api/v1/encryption/rotations", Json.createObjectBuilder().add("namespace", "encit").build())
                .problem(409, "CONFLICT");
        int readsDuringRotation = 0;
        JsonObject progress = rotation;
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (!"done".equals(progress.getString("state")) && System.nanoTime() < deadline) {
            assertEquals("running", progress.getString("state"), progress.toString());
            assertEveryValueReadsBack(admin, Map.of(firstId, written.get(firstId)));
            readsDuringRotation++;
            if (readsDuringRotation == 1) {
                JsonObject during = record(200);
                written.put(admin.postJson("/api/v1/records/" + PATH, during).expect(201).json().getString("id"),
                        during);
            }
            Thread.sleep(250);
            progress = admin.get(rotationUrl).expect(200).json();
        }
        assertEquals("done", progress.getString("state"), progress.toString());
        assertTrue(readsDuringRotation > 0, "reads ran while the rotation was running");
        assertEquals(progress.getJsonNumber("total").longValue(), progress.getJsonNumber("done").longValue(),
                progress.toString());

        assertEquals(0, Sql.adminCount("SELECT count(*) FROM " + TABLE + " WHERE card_number NOT LIKE 'vfe1.2.%' "
                + "OR diagnosis NOT LIKE 'vfe1.2.%' OR birth_date NOT LIKE 'vfe1.2.%' OR risk_score NOT LIKE 'vfe1.2.%'"),
                "every value is sealed under the new key version");
        assertEquals(written.size(), Sql.adminCount("SELECT count(*) FROM " + TABLE));
        assertEquals(1, Sql.adminCount("SELECT count(*) FROM " + TABLE + " WHERE id = ? AND version = 2",
                java.util.UUID.fromString(firstId)), "re-encryption is not a change of the record");
        assertEveryValueReadsBack(admin, written);
        DatabaseDump.Dump after = DatabaseDump.take();
        assertNoPlaintext(after, written);

        JsonObject keys = admin.get("/api/v1/encryption/keys?namespace=encit").expect(200).json();
        assertEquals(2, keys.getJsonArray("items").size(), keys.toString());
        JsonObject newest = keys.getJsonArray("items").getJsonObject(0);
        JsonObject oldest = keys.getJsonArray("items").getJsonObject(1);
        assertTrue(newest.getBoolean("current") && newest.getInt("version") == 2, keys.toString());
        assertTrue(oldest.containsKey("retiredAt") && !oldest.getBoolean("current"), keys.toString());
        assertFalse(keys.toString().contains("wrapped"), "metadata only");
        assertEquals(1, Sql.adminCount("SELECT count(*) FROM platform.audit_log WHERE operation = 'encryption.rotate' "
                + "AND resource = 'encryption/encit' AND result = 'success'"));
        assertEquals(1, Sql.adminCount("SELECT count(*) FROM platform.audit_log WHERE operation = 'encryption.rotated' "
                + "AND resource = 'encryption/encit' AND actor = 'system:key-rotation'"));
        assertEquals(0, admin.postJson("/api/v1/encryption/kek-rewrap", Json.createObjectBuilder().build()).expect(200)
                .json().getInt("rewrapped"), "every data key is wrapped under the current KEK already");
    }

    @Test
    void filtersSortsAndSearchesOnEncryptedFieldsAreRefused() {
        Api admin = Api.admin();
        admin.post("/api/v1/schemas", "application/yaml", manifest("encfilter", "")).expect(201);
        String path = "/api/v1/records/encfilter/payments/cards/card/v1";
        admin.postJson(path, record(1)).expect(201);
        JsonObject filter = admin.get(path + "?filter%5Bcard_number%5D=4111111111111111").problem(400, "VALIDATION_FAILED");
        assertTrue(filter.getString("detail").contains("encrypted"), filter.toString());
        admin.get(path + "?sort=risk_score").problem(400, "VALIDATION_FAILED");
        admin.get(path + "?sort=-birth_date").problem(400, "VALIDATION_FAILED");
        assertEquals(1, admin.get(path + "?filter%5Bholder%5D=" + record(1).getString("holder").replace(" ", "%20"))
                .expect(200).json().getJsonArray("items").size());
        String searchOnPci = manifest("encsearch", "").replace("fields: [holder]", "fields: [holder, card_number]");
        admin.post("/api/v1/schemas", "application/yaml", searchOnPci).problem(400, "INVALID_MANIFEST");
        String subjectOnPhi = manifest("encsubject", "").replace("      sensitivity: phi\n",
                "      sensitivity: phi\n      subjectIdentifier: true\n");
        JsonObject subject = admin.post("/api/v1/schemas", "application/yaml", subjectOnPhi)
                .problem(400, "INVALID_MANIFEST");
        assertTrue(subject.toString().contains("encrypted at rest"), subject.toString());
    }

    @Test
    void anAlteredOrMovedCiphertextFailsClosed() {
        Api admin = Api.admin();
        admin.post("/api/v1/schemas", "application/yaml", manifest("enctamper", "")).expect(201);
        String path = "/api/v1/records/enctamper/payments/cards/card/v1";
        String table = "enctamper_payments_cards.card_v1";
        String a = admin.postJson(path, record(1)).expect(201).json().getString("id");
        String b = admin.postJson(path, record(2)).expect(201).json().getString("id");
        String c = admin.postJson(path, record(3)).expect(201).json().getString("id");

        // b gets a's card: a valid ciphertext, for another record
        Sql.admin("UPDATE " + table + " SET card_number = (SELECT card_number FROM " + table + " WHERE id = '" + a
                + "') WHERE id = '" + b + "'");
        JsonObject moved = admin.get(path + "/" + b).problem(500, "ENCRYPTED_VALUE_UNREADABLE");
        assertFalse(moved.toString().contains(record(1).getString("card_number").substring(12)), moved.toString());
        admin.get(path + "/" + b + "?unmask=true").problem(500, "ENCRYPTED_VALUE_UNREADABLE");
        admin.get(path).problem(500, "ENCRYPTED_VALUE_UNREADABLE");
        admin.patchJson(path + "/" + b, Json.createObjectBuilder().add("holder", "x").build())
                .problem(500, "ENCRYPTED_VALUE_UNREADABLE");
        // c's diagnosis into c's card field: right record, wrong field
        Sql.admin("UPDATE " + table + " SET card_number = diagnosis WHERE id = '" + c + "'");
        admin.get(path + "/" + c).problem(500, "ENCRYPTED_VALUE_UNREADABLE");
        // one character of a's ciphertext altered
        Sql.admin("UPDATE " + table + " SET risk_score = overlay(risk_score placing CASE WHEN substr(risk_score, 20, 1) "
                + "= 'A' THEN 'B' ELSE 'A' END from 20 for 1) WHERE id = '" + a + "'");
        admin.get(path + "/" + a).problem(500, "ENCRYPTED_VALUE_UNREADABLE");
        assertTrue(Sql.adminCount("SELECT count(*) FROM platform.audit_log WHERE operation = 'record.decrypt' "
                + "AND result = 'failure' AND fail_mode = 'ENCRYPTED_VALUE_UNREADABLE'") >= 5);
        assertTrue(admin.get("/api/v1/audit/verify?schema=enctamper/payments/cards/card/v1").expect(200).json()
                .getBoolean("valid"));
    }

    @Test
    void schemaChangesThatWouldStrandCiphertextAreRefusedAndTheRestWork() {
        Api admin = Api.admin();
        String base = manifest("encschema", "    - name: notes\n      type: string\n      maxLength: 50\n");
        admin.post("/api/v1/schemas", "application/yaml", base).expect(201);
        String path = "/api/v1/records/encschema/payments/cards/card/v1";
        admin.postJson(path, Json.createObjectBuilder(record(5)).add("notes", "in clear").build()).expect(201);

        // a field with values in clear cannot become encrypted in place, nor an encrypted one with values change
        JsonObject toPci = admin.post("/api/v1/schemas", "application/yaml", base.replace(
                "maxLength: 50\n", "maxLength: 50\n      sensitivity: pci\n")).problem(409, "CONFLICT");
        assertTrue(toPci.getString("detail").contains("notes"), toPci.toString());
        admin.post("/api/v1/schemas", "application/yaml", base.replace("      sensitivity: secret\n", ""))
                .problem(409, "CONFLICT");
        String approved = base.replace("  name: card\n", "  name: card\n  annotations:\n"
                + "    velocity.sh/breaking-change: \"approved\"\n");
        admin.post("/api/v1/schemas", "application/yaml", approved.replace("      type: date\n", "      type: string\n"
                + "      maxLength: 20\n") + "  migrations:\n    - type: ChangeType\n      column: birth_date\n"
                + "      reason: \"test\"\n").problem(409, "CONFLICT");
        admin.post("/api/v1/schemas", "application/yaml", approved.replace("- name: diagnosis", "- name: finding")
                + "  migrations:\n    - type: RenameColumn\n      column: diagnosis\n      to: finding\n"
                + "      reason: \"test\"\n").problem(409, "CONFLICT");

        // additive and empty-column changes work: a new pci field, widened, made searchable-free, flipped while empty
        String withIban = base.replace("  search:\n", "    - name: iban\n      type: string\n      maxLength: 34\n"
                + "      sensitivity: pci\n  search:\n");
        admin.post("/api/v1/schemas", "application/yaml", withIban).expect(200);
        admin.post("/api/v1/schemas", "application/yaml", withIban.replace("maxLength: 34\n      sensitivity: pci\n",
                "maxLength: 34\n")).expect(200);
        admin.post("/api/v1/schemas", "application/yaml", withIban).expect(200);
        JsonObject created = admin.postJson(path, Json.createObjectBuilder(record(6))
                .add("iban", "DE89370400440532013000").build()).expect(201).json();
        assertEquals("********", created.getString("iban"));
        assertEquals("DE89370400440532013000", admin.get(path + "/" + created.getString("id") + "?unmask=true")
                .expect(200).json().getString("iban"));
        assertEquals(0, Sql.adminCount("SELECT count(*) FROM encschema_payments_cards.card_v1 WHERE iban LIKE 'DE%'"));
    }

    @Test
    void theChecklistSaysWhetherEveryEncryptedColumnHoldsOnlyCiphertext() {
        Api admin = Api.admin();
        admin.post("/api/v1/schemas", "application/yaml", manifest("enccheck", "")).expect(201);
        assertEquals("pass", check(admin).getString("status"), check(admin).toString());
        String constraint = Sql.adminString("SELECT conname FROM pg_constraint WHERE conrelid = "
                + "'enccheck_payments_cards.card_v1'::regclass AND pg_get_constraintdef(oid) LIKE '%vfe1%' "
                + "AND conkey = ARRAY[(SELECT attnum FROM pg_attribute WHERE attrelid = "
                + "'enccheck_payments_cards.card_v1'::regclass AND attname = 'diagnosis')]");
        String definition = Sql.adminString("SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conname = ? "
                + "AND conrelid = 'enccheck_payments_cards.card_v1'::regclass", constraint);
        Sql.admin("ALTER TABLE enccheck_payments_cards.card_v1 DROP CONSTRAINT \"" + constraint + "\"");
        try {
            JsonObject broken = check(admin);
            assertEquals("fail", broken.getString("status"), broken.toString());
            assertTrue(broken.getString("evidence").contains("enccheck/payments/cards/card/v1.diagnosis"),
                    broken.toString());
        } finally {
            Sql.admin("ALTER TABLE enccheck_payments_cards.card_v1 ADD CONSTRAINT \"" + constraint + "\" "
                    + definition);
        }
        assertEquals("pass", check(admin).getString("status"));
    }

    private static JsonObject check(Api admin) {
        return admin.get("/api/v1/compliance/checklist").expect(200).json().getJsonArray("items")
                .getValuesAs(JsonObject.class).stream().filter(c -> c.getString("id").equals("field-encryption"))
                .findFirst().orElseThrow();
    }

    @Test
    void keyManagementNeedsEncryptionManage() {
        Api admin = Api.admin();
        Api writer = Api.withKey(admin.createKey("enc-writer", "writer"));
        writer.postJson("/api/v1/encryption/rotations", Json.createObjectBuilder().add("namespace", "encit").build())
                .problem(403, "FORBIDDEN");
        writer.get("/api/v1/encryption/keys").problem(403, "FORBIDDEN");
        writer.get("/api/v1/encryption/rotations").problem(403, "FORBIDDEN");
        admin.postJson("/api/v1/encryption/rotations", Json.createObjectBuilder().add("namespace", "nokeys").build())
                .problem(404, "NOT_FOUND");
        admin.postJson("/api/v1/encryption/rotations", Json.createObjectBuilder().add("namespace", "Bad Name").build())
                .problem(400, "VALIDATION_FAILED");
        admin.get("/api/v1/encryption/rotations/not-a-uuid").problem(404, "NOT_FOUND");
    }

    private static JsonObject record(int i) {
        String card = "4" + String.format("%015d", 912345678901L + i * 7919L);
        return Json.createObjectBuilder()
                .add("holder", "Holder " + i)
                .add("card_number", card)
                .add("diagnosis", "Diagnosis-" + hex(12) + " chronic")
                .add("birth_date", String.format("19%02d-0%d-1%d", 40 + i % 50, 1 + i % 9, i % 10))
                .add("risk_score", 7_000_000_000L + i * 1_000_003L)
                .build();
    }

    private static void assertEveryValueReadsBack(Api admin, Map<String, JsonObject> written) {
        for (Map.Entry<String, JsonObject> e : written.entrySet()) {
            JsonObject clear = admin.get("/api/v1/records/" + PATH + "/" + e.getKey() + "?unmask=true").expect(200)
                    .json();
            for (String field : List.of("card_number", "diagnosis", "birth_date", "risk_score", "holder")) {
                assertEquals(e.getValue().get(field), clear.get(field), field + " of " + e.getKey());
            }
        }
    }

    private static void assertNoPlaintext(DatabaseDump.Dump dump, Map<String, JsonObject> written) {
        List<String> found = new ArrayList<>();
        for (JsonObject r : written.values()) {
            for (String field : List.of("card_number", "diagnosis", "risk_score")) {
                String plain = field.equals("risk_score") ? r.getJsonNumber(field).toString() : r.getString(field);
                if (dump.text().contains(plain)) {
                    found.add(field + "=" + plain);
                }
            }
        }
        assertTrue(found.isEmpty(), "plaintext in the dump (" + dump.method() + "): " + found);
    }

    private static JsonObject createWithKey(JsonObject body, String key, int status) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(TestStack.current().baseUrl() + "/api/v1/records/" + PATH))
                .header("Authorization", "Bearer " + Api.admin().key()).header("Idempotency-Key", key)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(status, r.statusCode(), r.body());
        JsonObject json = Json.createReader(new java.io.StringReader(r.body())).readObject();
        assertNotNull(json.getString("id"));
        return json;
    }

    private static String hex(int bytes) {
        byte[] b = new byte[bytes];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
