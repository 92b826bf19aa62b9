package sh.velocity.schema.domain.rules;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Turns a record, as the records layer holds it, into the value CEL sees as {@code self}.
 *
 * <p>It exists so that a rule only ever sees values of the CEL type it was checked against
 * (string/text/uuid → string, integer → int, decimal → double, boolean → bool, date/timestamp →
 * timestamp), and so that the apply-time cost estimate stays an upper bound: a textual value
 * longer than its declared maxLength is refused here rather than handed to a rule that was priced
 * for shorter input. Null and missing values are left out, so {@code has(self.f)} is false for an
 * absent optional field and reading it is an evaluation error, not a null. Undeclared keys are
 * ignored. Messages name the field and the expected type, never the value.
 */
final class RecordValues {

    /** A record value that cannot be given to a rule. */
    static final class Invalid extends Exception {
        private static final long serialVersionUID = 1L;

        Invalid(String message) {
            super(message, null, false, false);
        }
    }

    private static final int MAX_TEMPORAL_TEXT = 64;

    private RecordValues() {
    }

    /** The {@code self} map for {@code record} under the declared {@code fields}. */
    static Map<String, Object> toCel(Map<String, RuleField> fields, Map<String, ?> record) throws Invalid {
        Map<String, Object> self = new HashMap<>();
        if (record == null) {
            return self;
        }
        for (RuleField field : fields.values()) {
            Object value = record.get(field.name());
            if (value != null) {
                self.put(field.name(), convert(field, value));
            }
        }
        return self;
    }

    private static Object convert(RuleField field, Object value) throws Invalid {
        switch (field.type()) {
            case "string", "text": {
                if (!(value instanceof CharSequence text)) {
                    throw mismatch(field, value);
                }
                String s = text.toString();
                if (field.maxLength() != null && s.length() > field.maxLength()
                        && s.codePointCount(0, s.length()) > field.maxLength()) {
                    throw new Invalid("field '" + field.name() + "' is longer than its maxLength of "
                            + field.maxLength());
                }
                return s;
            }
            case "uuid": {
                String s = value instanceof UUID u ? u.toString()
                        : value instanceof CharSequence c ? c.toString() : null;
                if (s == null) {
                    throw mismatch(field, value);
                }
                if (s.length() > RuleField.UUID_TEXT_LENGTH) {
                    throw new Invalid("field '" + field.name() + "' is not a uuid");
                }
                return s;
            }
            case "integer":
                return toLong(field, value);
            case "decimal":
                return toDouble(field, value);
            case "boolean":
                if (value instanceof Boolean b) {
                    return b;
                }
                throw mismatch(field, value);
            case "date", "timestamp":
                return toInstant(field, value);
            default:
                throw mismatch(field, value);
        }
    }

    private static Long toLong(RuleField field, Object value) throws Invalid {
        try {
            if (value instanceof Long l) {
                return l;
            }
            if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
                return ((Number) value).longValue();
            }
            if (value instanceof BigInteger b) {
                return b.longValueExact();
            }
            if (value instanceof BigDecimal d) {
                return d.longValueExact();
            }
        } catch (ArithmeticException e) {
            throw new Invalid("field '" + field.name() + "' does not fit a 64-bit integer");
        }
        throw mismatch(field, value);
    }

    private static Double toDouble(RuleField field, Object value) throws Invalid {
        double d;
        if (value instanceof BigDecimal b) {
            d = b.doubleValue();
        } else if (value instanceof Double || value instanceof Float || value instanceof Long
                || value instanceof Integer || value instanceof Short || value instanceof Byte
                || value instanceof BigInteger) {
            d = ((Number) value).doubleValue();
        } else {
            throw mismatch(field, value);
        }
        if (!Double.isFinite(d)) {
            throw new Invalid("field '" + field.name() + "' is not a finite decimal");
        }
        return d;
    }

    private static Instant toInstant(RuleField field, Object value) throws Invalid {
        if (value instanceof Instant i) {
            return i;
        }
        if (value instanceof OffsetDateTime o) {
            return o.toInstant();
        }
        if (value instanceof ZonedDateTime z) {
            return z.toInstant();
        }
        if (value instanceof LocalDateTime l) {
            return l.toInstant(ZoneOffset.UTC);
        }
        if (value instanceof LocalDate d) {
            return d.atStartOfDay(ZoneOffset.UTC).toInstant();
        }
        if (value instanceof Date d) {
            // getTime() works for java.sql.Date too, whose toInstant() throws
            return Instant.ofEpochMilli(d.getTime());
        }
        if (value instanceof CharSequence c) {
            String s = c.toString();
            if (s.length() > MAX_TEMPORAL_TEXT) {
                throw new Invalid("field '" + field.name() + "' is not a valid " + field.type());
            }
            try {
                if (s.length() == 10) {
                    return LocalDate.parse(s).atStartOfDay(ZoneOffset.UTC).toInstant();
                }
                return OffsetDateTime.parse(s).toInstant();
            } catch (DateTimeParseException e) {
                throw new Invalid("field '" + field.name() + "' is not a valid " + field.type());
            }
        }
        throw mismatch(field, value);
    }

    private static Invalid mismatch(RuleField field, Object value) {
        return new Invalid("field '" + field.name() + "' holds a " + value.getClass().getSimpleName()
                + " where a " + field.type() + " is declared");
    }
}
