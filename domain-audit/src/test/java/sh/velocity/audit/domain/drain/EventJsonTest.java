package sh.velocity.audit.domain.drain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;
import sh.velocity.audit.domain.StoredEvent;

/** An event leaves as JSON a receiver can parse back to exactly the stored values, in ASCII. */
class EventJsonTest {

    static final StoredEvent EVENT = new StoredEvent("acme/supply-chain/procurement/purchase-order/v1", 42,
            "alice \"the\" admin", "record.create", "acme/supply-chain/procurement/purchase-order/v1/7f3c",
            "success", null, "req-1", "127.0.0.1", "2026-11-22T09:00:23.123456Z",
            "{\"id\": \"7f3c\", \"note\": \"Zürich 東京 \\\"q\\\" \\n 😀\", \"fields\": [\"po_number\"]}",
            "0".repeat(64), "ab".repeat(32));

    @Test
    void everyFieldRoundTripsAndThePayloadStaysAJsonObject() {
        JsonObject o = parse(EventJson.event(EVENT));
        assertEquals("acme/supply-chain/procurement/purchase-order/v1:42", o.getString("id"));
        assertEquals(EVENT.chain(), o.getString("chain"));
        assertEquals(42, o.getJsonNumber("seq").longValueExact());
        assertEquals(EVENT.actor(), o.getString("actor"));
        assertEquals("record.create", o.getString("operation"));
        assertEquals(EVENT.resource(), o.getString("resource"));
        assertEquals("success", o.getString("result"));
        assertEquals(JsonValue.NULL, o.get("failMode"));
        assertEquals("req-1", o.getString("requestId"));
        assertEquals("127.0.0.1", o.getString("sourceIp"));
        assertEquals("2026-11-22T09:00:23.123456Z", o.getString("timestamp"));
        assertEquals(parse(EVENT.payload()), o.getJsonObject("payload"));
        assertEquals("Zürich 東京 \"q\" \n 😀", o.getJsonObject("payload").getString("note"));
        assertEquals(EVENT.prevHash(), o.getString("prevHash"));
        assertEquals(EVENT.hash(), o.getString("hash"));
    }

    @Test
    void theOutputIsAsciiWithControlCharactersEscaped() {
        StoredEvent odd = new StoredEvent("platform", 1, "b\u0001ob\tø", "x", "y", "denied", "NETWORK_POLICY", null,
                null, "2026-11-22T09:00:23.000000Z", "{}", "0".repeat(64), "1".repeat(64));
        String json = EventJson.event(odd);
        assertTrue(json.chars().allMatch(c -> c >= 0x20 && c < 0x7f), json);
        assertEquals("b\u0001ob\tø", parse(json).getString("actor"));
        assertTrue(EventJson.event(EVENT).chars().allMatch(c -> c < 0x80));
    }

    @Test
    void aBatchIsAnObjectWithTheEventsInOrder() {
        StoredEvent next = new StoredEvent(EVENT.chain(), 43, "bob", "record.update", "r", "success", null, null, null,
                "2026-11-22T09:00:24.000000Z", "{}", EVENT.hash(), "cd".repeat(32));
        JsonObject batch = parse(EventJson.batch(List.of(EVENT, next)));
        assertEquals(2, batch.getJsonArray("events").size());
        assertEquals(EVENT.chain() + ":43", batch.getJsonArray("events").getJsonObject(1).getString("id"));
        assertEquals(0, parse(EventJson.batch(List.of())).getJsonArray("events").size());
    }

    private static JsonObject parse(String json) {
        try (var reader = Json.createReader(new StringReader(json))) {
            return reader.readObject();
        }
    }
}
