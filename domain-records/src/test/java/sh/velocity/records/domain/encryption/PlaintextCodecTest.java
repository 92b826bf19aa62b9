package sh.velocity.records.domain.encryption;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import jakarta.json.Json;
import jakarta.json.JsonValue;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class PlaintextCodecTest {

    @Test
    void everyFieldTypeReadsBackAsItsJsonValue() {
        assertEquals(Json.createValue(42L), roundTrip("integer", 42L));
        assertEquals(Json.createValue(new BigDecimal("1234.50")), roundTrip("decimal", new BigDecimal("1234.50")));
        assertEquals(JsonValue.TRUE, roundTrip("boolean", Boolean.TRUE));
        assertEquals(JsonValue.FALSE, roundTrip("boolean", Boolean.FALSE));
        assertEquals(Json.createValue("1980-02-29"), roundTrip("date", LocalDate.of(1980, 2, 29)));
        UUID id = UUID.randomUUID();
        assertEquals(Json.createValue(id.toString()), roundTrip("uuid", id));
        assertEquals(Json.createValue("4111 1111"), roundTrip("string", "4111 1111"));
    }

    @Test
    void timestampsAreStoredInUtcAtMicroseconds() {
        OffsetDateTime t = OffsetDateTime.parse("2026-03-01T10:15:30.123456789+02:00");
        assertEquals("2026-03-01T08:15:30.123456Z", PlaintextCodec.encode("timestamp", t));
    }

    @Test
    void decimalsKeepTheirPlainForm() {
        assertEquals("10000000", PlaintextCodec.encode("decimal", new BigDecimal("1E+7")));
    }

    @Test
    void textThatIsNotOfTheTypeIsRefused() {
        assertThrows(NumberFormatException.class, () -> PlaintextCodec.decode("integer", "twelve"));
    }

    private static JsonValue roundTrip(String type, Object value) {
        return PlaintextCodec.decode(type, PlaintextCodec.encode(type, value));
    }
}
