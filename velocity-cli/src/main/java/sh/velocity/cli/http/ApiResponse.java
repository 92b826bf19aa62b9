package sh.velocity.cli.http;

import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import sh.velocity.cli.io.CliFailure;

/**
 * A successful (2xx) answer of the REST API: its status, headers and body. {@code call} names the
 * request ({@code GET /records/…}) for the message when the body is not what the command expected.
 */
public record ApiResponse(int status, Map<String, List<String>> headers, String body, String call) {

    public ApiResponse {
        Map<String, List<String>> caseless = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        caseless.putAll(headers);
        headers = caseless;
    }

    public Optional<String> header(String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /** The body as a JSON object; an empty or other body is a server failure (exit 3). */
    public JsonObject object() {
        try (JsonReader reader = Json.createReader(new StringReader(body))) {
            JsonValue v = reader.readValue();
            if (v instanceof JsonObject o) {
                return o;
            }
        } catch (JsonException e) {
            // Reported below.
        }
        throw CliFailure.server("The server's answer to " + call + " is not a JSON object.");
    }

    public boolean hasBody() {
        return !body.isBlank();
    }
}
