package sh.velocity.records.domain.encryption;

import jakarta.json.JsonValue;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import sh.velocity.kernel.json.Jsonp;

/**
 * The text a field value is encrypted as, and the JSON it reads back as, for every field type: an
 * encrypted integer comes back as the same JSON number, a timestamp as the same instant in UTC at
 * microsecond precision, exactly as an unencrypted column of that type would return it.
 */
public final class PlaintextCodec {

    private PlaintextCodec() {
    }

    /** {@code value} as validated for a field of {@code type} (String, Long, BigDecimal, Boolean, LocalDate, …). */
    public static String encode(String type, Object value) {
        if (value instanceof BigDecimal d) {
            return d.toPlainString();
        }
        if (value instanceof OffsetDateTime t) {
            return t.withOffsetSameInstant(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS).toString();
        }
        return value.toString();
    }

    /**
     * The JSON value of decrypted text {@code clear} of a field of {@code type}.
     *
     * @throws NumberFormatException when the text is not a value of that type
     */
    public static JsonValue decode(String type, String clear) {
        return switch (type) {
            case "integer" -> Jsonp.createValue(Long.parseLong(clear));
            case "decimal" -> Jsonp.createValue(new BigDecimal(clear));
            case "boolean" -> Boolean.parseBoolean(clear) ? JsonValue.TRUE : JsonValue.FALSE;
            default -> Jsonp.createValue(clear);
        };
    }
}
