package sh.velocity.records.infrastructure.search;

import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import sh.velocity.kernel.json.Jsonp;
import sh.velocity.records.domain.search.SearchEngine;

/**
 * {@link SearchEngine} over OpenSearch's REST API (2.x), with the JDK's HTTP client: no client
 * library, so nothing but these few calls can reach the cluster. Basic authentication when a user
 * is configured; TLS with the JVM's trust or a given CA. The password is held here only and never
 * appears in a message.
 */
public final class OpenSearchEngine implements SearchEngine {

    private final URI base;
    private final HttpClient http;
    private final Optional<String> authorization;
    private final Duration timeout;

    public OpenSearchEngine(URI base, Optional<String> user, Optional<String> password, SSLContext tls,
                            Duration timeout) {
        this.base = base;
        this.timeout = timeout;
        HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER);
        if (tls != null) {
            b.sslContext(tls);
        }
        this.http = b.build();
        this.authorization = user.map(u -> "Basic " + Base64.getEncoder().encodeToString(
                (u + ":" + password.orElse("")).getBytes(StandardCharsets.UTF_8)));
    }

    @Override
    public boolean reachable() {
        try {
            return send(request("/_cluster/health?timeout=1s").timeout(Duration.ofSeconds(2)).GET()).statusCode() == 200;
        } catch (SearchEngineUnavailable e) {
            return false;
        }
    }

    @Override
    public void ensureIndex(String index, List<String> fields) {
        if (send(request("/" + index).method("HEAD", HttpRequest.BodyPublishers.noBody())).statusCode() == 200) {
            return;
        }
        JsonObjectBuilder properties = Jsonp.createObjectBuilder();
        for (String f : fields) {
            properties.add(f, Jsonp.createObjectBuilder().add("type", "text"));
        }
        JsonObject body = Jsonp.createObjectBuilder()
                .add("settings", Jsonp.createObjectBuilder().add("number_of_shards", 1).add("number_of_replicas", 0))
                .add("mappings", Jsonp.createObjectBuilder().add("dynamic", false).add("properties", properties))
                .build();
        HttpResponse<String> r = send(json(request("/" + index), "PUT", body.toString()));
        if (r.statusCode() != 200 && !(r.statusCode() == 400 && r.body().contains("resource_already_exists"))) {
            throw refused("create index " + index, r);
        }
    }

    @Override
    public void dropIndex(String index) {
        HttpResponse<String> r = send(request("/" + index).DELETE());
        if (r.statusCode() != 200 && r.statusCode() != 404) {
            throw refused("delete index " + index, r);
        }
    }

    @Override
    public void apply(String index, List<IndexOperation> operations) {
        if (operations.isEmpty()) {
            return;
        }
        StringBuilder body = new StringBuilder(operations.size() * 256);
        for (IndexOperation op : operations) {
            JsonObject meta = Jsonp.createObjectBuilder().add("_index", index).add("_id", op.id())
                    .add("version", op.version()).add("version_type", "external").build();
            body.append(Jsonp.createObjectBuilder().add(op.delete() ? "delete" : "index", meta).build()).append('\n');
            if (!op.delete()) {
                JsonObjectBuilder doc = Jsonp.createObjectBuilder();
                op.fields().forEach(doc::add);
                body.append(doc.build()).append('\n');
            }
        }
        HttpResponse<String> r = send(request("/_bulk").header("Content-Type", "application/x-ndjson")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8)));
        if (r.statusCode() != 200) {
            throw refused("bulk write to " + index, r);
        }
        JsonObject result = parse(r.body());
        if (!result.getBoolean("errors", false)) {
            return;
        }
        for (JsonValue item : result.getJsonArray("items")) {
            JsonObject outcome = item.asJsonObject().values().iterator().next().asJsonObject();
            int status = outcome.getInt("status", 500);
            boolean newerOrGone = status == 409 || (status == 404 && item.asJsonObject().containsKey("delete"));
            if (status >= 300 && !newerOrGone) {
                JsonObject error = outcome.getJsonObject("error");
                throw new SearchEngineUnavailable("the search engine refused a write to " + index + " (" + status
                        + (error == null ? "" : ", " + error.getString("type", "error")) + ")");
            }
        }
    }

    @Override
    public List<String> search(String index, List<String> fields, String query, int limit) {
        JsonArrayBuilder f = Jsonp.createArrayBuilder();
        fields.forEach(f::add);
        JsonObject body = Jsonp.createObjectBuilder().add("size", limit).add("_source", false)
                .add("query", Jsonp.createObjectBuilder().add("simple_query_string", Jsonp.createObjectBuilder()
                        .add("query", query).add("fields", f).add("default_operator", "and")))
                .build();
        HttpResponse<String> r = send(json(request("/" + index + "/_search"), "POST", body.toString()));
        if (r.statusCode() == 404) {
            return List.of();
        }
        if (r.statusCode() != 200) {
            throw refused("search " + index, r);
        }
        JsonArray hits = parse(r.body()).getJsonObject("hits").getJsonArray("hits");
        List<String> ids = new ArrayList<>(hits.size());
        for (JsonValue h : hits) {
            ids.add(h.asJsonObject().getString("_id"));
        }
        return ids;
    }

    @Override
    public long count(String index) {
        send(request("/" + index + "/_refresh").POST(HttpRequest.BodyPublishers.noBody()));
        HttpResponse<String> r = send(request("/" + index + "/_count").GET());
        if (r.statusCode() == 404) {
            return 0;
        }
        if (r.statusCode() != 200) {
            throw refused("count " + index, r);
        }
        return parse(r.body()).getJsonNumber("count").longValue();
    }

    /** Exact document versions, for tests and repair: id to version, absent ids left out. */
    public Map<String, Long> versions(String index, List<String> ids) {
        JsonArrayBuilder a = Jsonp.createArrayBuilder();
        ids.forEach(a::add);
        HttpResponse<String> r = send(json(request("/" + index + "/_mget?_source=false&version=true"), "POST",
                Jsonp.createObjectBuilder().add("ids", a).build().toString()));
        if (r.statusCode() != 200) {
            throw refused("read versions from " + index, r);
        }
        Map<String, Long> out = new java.util.LinkedHashMap<>();
        for (JsonValue d : parse(r.body()).getJsonArray("docs")) {
            JsonObject doc = d.asJsonObject();
            if (doc.getBoolean("found", false)) {
                out.put(doc.getString("_id"), doc.getJsonNumber("_version").longValue());
            }
        }
        return out;
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(timeout);
        authorization.ifPresent(a -> b.header("Authorization", a));
        return b;
    }

    private static HttpRequest.Builder json(HttpRequest.Builder b, String method, String body) {
        return b.header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    }

    private HttpResponse<String> send(HttpRequest.Builder b) {
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new SearchEngineUnavailable("the search engine at " + base.getHost() + ":" + base.getPort()
                    + " cannot be reached (" + e.getClass().getSimpleName() + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SearchEngineUnavailable("interrupted while calling the search engine", e);
        }
    }

    private static SearchEngineUnavailable refused(String what, HttpResponse<String> r) {
        return new SearchEngineUnavailable("the search engine refused to " + what + " (HTTP " + r.statusCode() + ")");
    }

    private static JsonObject parse(String body) {
        try (JsonReader reader = Jsonp.createReader(new StringReader(body))) {
            return reader.readObject();
        } catch (RuntimeException e) {
            throw new SearchEngineUnavailable("the search engine answered something that is not JSON");
        }
    }
}
