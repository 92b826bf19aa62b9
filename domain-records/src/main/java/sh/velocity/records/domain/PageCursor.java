package sh.velocity.records.domain;

import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;
import sh.velocity.kernel.json.Jsonp;
import sh.velocity.kernel.problem.ErrorCode;
import sh.velocity.kernel.problem.VelocityException;

/**
 * The opaque cursor of a page: the sort it belongs to, the last row's sort value (as text, or
 * null) and id. A cursor from another sort, or one a client altered into nonsense, is refused.
 */
public record PageCursor(String sort, String value, UUID id) {

    public String encode() {
        JsonObject o = Jsonp.createObjectBuilder().add("s", sort)
                .add("v", value == null ? JsonValue.NULL : Jsonp.createValue(value)).add("i", id.toString()).build();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(o.toString().getBytes(StandardCharsets.UTF_8));
    }

    public static PageCursor decode(String cursor, String expectedSort) {
        try (JsonReader reader = Jsonp.createReader(new StringReader(
                new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8)))) {
            JsonObject o = reader.readObject();
            JsonValue v = o.get("v");
            PageCursor c = new PageCursor(o.getString("s"), v instanceof JsonString s ? s.getString() : null,
                    UUID.fromString(o.getString("i")));
            if (!c.sort().equals(expectedSort)) {
                throw invalid();
            }
            return c;
        } catch (RuntimeException e) {
            if (e instanceof VelocityException ve) {
                throw ve;
            }
            throw invalid();
        }
    }

    private static VelocityException invalid() {
        return new VelocityException(ErrorCode.INVALID_REQUEST,
                "cursor is not one this server issued for this sort; start again without it.");
    }
}
