package sh.velocity.web.rest;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.List;
import sh.velocity.kernel.problem.ErrorCode;
import sh.velocity.kernel.problem.FieldError;
import sh.velocity.kernel.problem.VelocityException;

/** Reads request bodies strictly: a wrong type is a 400 naming the field, never a 500. */
final class Json {

    private Json() {
    }

    static JsonObject requireObject(JsonObject body) {
        if (body == null) {
            throw new VelocityException(ErrorCode.INVALID_REQUEST, "A JSON object body is required.");
        }
        return body;
    }

    static String string(JsonObject b, String field) {
        JsonValue v = b.get(field);
        if (v == null || v.getValueType() == JsonValue.ValueType.NULL) {
            return null;
        }
        if (v instanceof JsonString s) {
            return s.getString();
        }
        throw invalid(field, "must be a string");
    }

    static String stringOr(JsonObject b, String field, String fallback) {
        String s = string(b, field);
        return s == null ? fallback : s;
    }

    static List<String> strings(JsonObject b, String field) {
        JsonValue v = b.get(field);
        if (v == null || v.getValueType() == JsonValue.ValueType.NULL) {
            return List.of();
        }
        if (!(v instanceof JsonArray a)) {
            throw invalid(field, "must be an array of strings");
        }
        List<String> out = new ArrayList<>();
        for (JsonValue item : a) {
            if (!(item instanceof JsonString s)) {
                throw invalid(field, "must be an array of strings");
            }
            out.add(s.getString());
        }
        return out;
    }

    private static VelocityException invalid(String field, String message) {
        return new VelocityException(ErrorCode.VALIDATION_FAILED, "The request body is invalid.",
                List.of(new FieldError(field, message)));
    }
}
