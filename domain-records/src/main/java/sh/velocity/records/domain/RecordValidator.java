package sh.velocity.records.domain;

import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import sh.velocity.kernel.json.Jsonp;
import sh.velocity.kernel.problem.ErrorCode;
import sh.velocity.kernel.problem.FieldError;
import sh.velocity.kernel.problem.VelocityException;
import sh.velocity.schema.api.FieldSpec;
import sh.velocity.schema.api.RecordType;

/**
 * Turns a JSON body into typed column values, or refuses it listing every offending field:
 * unknown fields, read-only system fields, wrong JSON types, values over maxLength (counted in
 * characters), missing required fields. Error messages never echo the value (it may be sensitive).
 */
public final class RecordValidator {

    /** System fields a client may read but never write. */
    public static final List<String> SYSTEM_FIELDS = List.of("id", "version", "createdAt", "updatedAt");

    private RecordValidator() {
    }

    /** Typed values (String, Long, BigDecimal, Boolean, LocalDate, OffsetDateTime, UUID or null). */
    public static Map<String, Object> validate(RecordType type, JsonObject body) {
        return validate(type, body, true);
    }

    /** As {@link #validate(RecordType, JsonObject)}; {@code whole} false skips the required check (a patch). */
    public static Map<String, Object> validate(RecordType type, JsonObject body, boolean whole) {
        List<FieldError> errors = new ArrayList<>();
        Map<String, Object> values = new LinkedHashMap<>();
        for (Map.Entry<String, JsonValue> e : body.entrySet()) {
            String name = e.getKey();
            if (SYSTEM_FIELDS.contains(name)) {
                errors.add(new FieldError(safe(name), "is set by the server and cannot be written"));
                continue;
            }
            var field = type.field(name);
            if (field.isEmpty()) {
                errors.add(new FieldError(safe(name), "is not a field of " + type.path()));
                continue;
            }
            try {
                values.put(name, convert(field.get(), e.getValue()));
            } catch (IllegalArgumentException ex) {
                errors.add(new FieldError(name, ex.getMessage()));
            }
        }
        for (FieldSpec f : whole ? type.fields() : List.<FieldSpec>of()) {
            if (f.required() && values.get(f.name()) == null && !hasError(errors, f.name())) {
                errors.add(new FieldError(f.name(), "is required"));
            }
        }
        if (!errors.isEmpty()) {
            throw new VelocityException(ErrorCode.VALIDATION_FAILED,
                    errors.size() == 1 ? "1 field is invalid." : errors.size() + " fields are invalid.", errors);
        }
        return values;
    }

    /**
     * A value from a query string (a filter or a cursor), typed like the field: the same rules as
     * a body value, refused with VALIDATION_FAILED naming the parameter.
     */
    public static Object fromText(FieldSpec f, String text, String parameter) {
        JsonValue v;
        switch (f.type()) {
            case "integer", "decimal" -> {
                try {
                    v = Jsonp.createValue(new BigDecimal(text));
                } catch (NumberFormatException e) {
                    throw new VelocityException(ErrorCode.VALIDATION_FAILED, parameter + " must be a number.",
                            List.of(new FieldError(parameter, "must be a number")));
                }
            }
            case "boolean" -> v = "true".equals(text) ? JsonValue.TRUE : "false".equals(text) ? JsonValue.FALSE
                    : Jsonp.createValue(text);
            default -> v = Jsonp.createValue(text);
        }
        try {
            return convert(f, v);
        } catch (IllegalArgumentException e) {
            throw new VelocityException(ErrorCode.VALIDATION_FAILED, parameter + " " + e.getMessage() + ".",
                    List.of(new FieldError(parameter, e.getMessage())));
        }
    }

    /** The record's own field values (system fields left out), for merging a patch into. */
    public static jakarta.json.JsonObjectBuilder fieldsOf(RecordType type, JsonObject stored) {
        jakarta.json.JsonObjectBuilder b = Jsonp.createObjectBuilder();
        for (FieldSpec f : type.fields()) {
            JsonValue v = stored.get(f.name());
            if (v != null && v.getValueType() != JsonValue.ValueType.NULL) {
                b.add(f.name(), v);
            }
        }
        return b;
    }

    private static Object convert(FieldSpec f, JsonValue v) {
        if (v.getValueType() == JsonValue.ValueType.NULL) {
            return null;
        }
        switch (f.type()) {
            case "string", "text" -> {
                String s = string(v, "a string");
                int length = s.codePointCount(0, s.length());
                if (f.maxLength() != null && length > f.maxLength()) {
                    throw new IllegalArgumentException("is " + length + " characters long; maxLength is " + f.maxLength());
                }
                if (s.indexOf('\0') >= 0) {
                    throw new IllegalArgumentException("must not contain NUL characters");
                }
                return s;
            }
            case "integer" -> {
                if (!(v instanceof JsonNumber n) || !n.isIntegral()) {
                    throw new IllegalArgumentException("must be an integer");
                }
                try {
                    return n.bigIntegerValueExact().longValueExact();
                } catch (ArithmeticException ex) {
                    throw new IllegalArgumentException("must fit in 64 bits");
                }
            }
            case "decimal" -> {
                if (!(v instanceof JsonNumber n)) {
                    throw new IllegalArgumentException("must be a number");
                }
                BigDecimal d = n.bigDecimalValue();
                if (d.precision() > 1000 || Math.abs(d.scale()) > 1000) {
                    throw new IllegalArgumentException("has too many digits");
                }
                return d;
            }
            case "boolean" -> {
                if (v == JsonValue.TRUE) {
                    return Boolean.TRUE;
                }
                if (v == JsonValue.FALSE) {
                    return Boolean.FALSE;
                }
                throw new IllegalArgumentException("must be true or false");
            }
            case "date" -> {
                try {
                    return LocalDate.parse(string(v, "a date (YYYY-MM-DD)"));
                } catch (DateTimeParseException ex) {
                    throw new IllegalArgumentException("must be a date (YYYY-MM-DD)");
                }
            }
            case "timestamp" -> {
                try {
                    return OffsetDateTime.parse(string(v, "an RFC 3339 timestamp"));
                } catch (DateTimeParseException ex) {
                    throw new IllegalArgumentException("must be an RFC 3339 timestamp with offset");
                }
            }
            case "uuid" -> {
                try {
                    return UUID.fromString(string(v, "a UUID"));
                } catch (IllegalArgumentException ex) {
                    throw new IllegalArgumentException("must be a UUID");
                }
            }
            default -> throw new IllegalArgumentException("has an unsupported type");
        }
    }

    private static String string(JsonValue v, String what) {
        if (v instanceof JsonString s) {
            return s.getString();
        }
        throw new IllegalArgumentException("must be " + what);
    }

    private static boolean hasError(List<FieldError> errors, String name) {
        return errors.stream().anyMatch(e -> e.field().equals(name));
    }

    /** Unknown field names are echoed only when they look like field names. */
    private static String safe(String name) {
        return name.matches("[A-Za-z0-9_]{1,64}") ? name : "(unprintable field name)";
    }
}
