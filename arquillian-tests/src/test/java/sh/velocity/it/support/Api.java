package sh.velocity.it.support;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonStructure;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import sh.velocity.it.stack.TestStack;

/** A client of the running server's REST API, as a script or the CLI would use it. */
public final class Api {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private final String key;

    private Api(String key) {
        this.key = key;
    }

    /** As the bootstrap admin (the key the server wrote on first start). */
    public static Api admin() {
        try {
            return new Api(Files.readString(TestStack.current().bootstrapKeyFile()).trim());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Api withKey(String key) {
        return new Api(key);
    }

    public static Api anonymous() {
        return new Api(null);
    }

    public String key() {
        return key;
    }

    public Response get(String path) {
        return send(request(path).GET());
    }

    public Response post(String path, String contentType, String body) {
        return send(request(path).header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    public Response postJson(String path, JsonObject body) {
        return post(path, "application/json", body.toString());
    }

    public Response putJson(String path, JsonObject body) {
        return send(request(path).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body.toString())));
    }

    /** A JSON merge patch. */
    public Response patchJson(String path, JsonObject body) {
        return send(request(path).header("Content-Type", "application/merge-patch+json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(body.toString())));
    }

    public Response delete(String path) {
        return send(request(path).DELETE());
    }

    /** A new API key with the given roles bound on every path (empty: no binding at all). */
    public String createKey(String name, String... roles) {
        Response r = postJson("/api/v1/api-keys", Json.createObjectBuilder().add("name", name).add("ttl", "1d")
                .add("roles", Json.createArrayBuilder(java.util.List.of(roles))).build());
        r.expect(201);
        return r.json().getString("key");
    }

    /** The id of the API key named {@code name}, from {@code GET /api/v1/api-keys}. */
    public String keyId(String name) {
        return get("/api/v1/api-keys").json().getJsonArray("items").stream().map(v -> v.asJsonObject())
                .filter(o -> o.getString("name").equals(name)).findFirst().orElseThrow().getString("id");
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(TestStack.current().baseUrl() + path))
                .timeout(Duration.ofSeconds(60));
        if (key != null) {
            b.header("Authorization", "Bearer " + key);
        }
        return b;
    }

    /** Sends like a well-behaved client: a 429 is retried after its Retry-After, a few times. */
    private static Response send(HttpRequest.Builder b) {
        try {
            HttpRequest request = b.build();
            HttpResponse<String> r = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            for (int attempt = 0; r.statusCode() == 429 && attempt < 5; attempt++) {
                Thread.sleep(1000L * Long.parseLong(r.headers().firstValue("Retry-After").orElse("1")));
                r = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            }
            return new Response(r.statusCode(), r.body(), r);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Status, body and headers of one response. */
    public record Response(int status, String body, HttpResponse<String> raw) {

        public JsonObject json() {
            try (JsonReader reader = Json.createReader(new StringReader(body))) {
                JsonStructure s = reader.read();
                return s.asJsonObject();
            }
        }

        public String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }

        public Response expect(int expected) {
            if (status != expected) {
                throw new AssertionError("expected HTTP " + expected + " but got " + status + ": " + body);
            }
            return this;
        }

        /** Asserts a problem document with this status and code. */
        public JsonObject problem(int expectedStatus, String code) {
            expect(expectedStatus);
            if (!String.valueOf(header("Content-Type")).startsWith("application/problem+json")) {
                throw new AssertionError("expected a problem document, got " + header("Content-Type"));
            }
            JsonObject p = json();
            if (!code.equals(p.getString("code", null))) {
                throw new AssertionError("expected code " + code + " but got " + body);
            }
            return p;
        }
    }
}
