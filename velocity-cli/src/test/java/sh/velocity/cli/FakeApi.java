package sh.velocity.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A loopback HTTP server that answers {@code /api/v1/…} with canned responses, chosen per
 * {@code "METHOD /path"} (path without {@code /api/v1}, query excluded), and keeps every request it
 * got, so a test can assert what the CLI sent as well as what it printed. Unrouted requests get a
 * 404 problem; a wrong key gets 401.
 */
final class FakeApi implements AutoCloseable {

    /** A request as received: decoded query, headers (lower-case names) and body. */
    record Request(String method, String path, String query, Map<String, List<String>> headers, String body) {

        String header(String name) {
            List<String> v = headers.get(name);
            return v == null ? null : v.get(0);
        }
    }

    /** A canned response. */
    record Answer(int status, String contentType, String body, Map<String, String> headers) {

        static Answer json(int status, String body) {
            return new Answer(status, "application/json", body, Map.of());
        }

        static Answer problem(int status, String code, String detail) {
            return new Answer(status, "application/problem+json", "{\"status\":" + status + ",\"code\":\"" + code
                    + "\",\"detail\":\"" + detail + "\",\"requestId\":\"req-" + status + "\"}", Map.of());
        }

        static Answer empty(int status) {
            return new Answer(status, null, "", Map.of());
        }

        Answer withHeader(String name, String value) {
            Map<String, String> h = new java.util.HashMap<>(headers);
            h.put(name, value);
            return new Answer(status, contentType, body, h);
        }
    }

    final String key;
    final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Map<String, Function<Request, Answer>> routes = new java.util.concurrent.ConcurrentHashMap<>();
    private final HttpServer server;

    FakeApi(String key) throws IOException {
        this.key = key;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/api/v1/", this::answer);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The environment of a CLI run against this server with its key. */
    Map<String, String> env(java.nio.file.Path home) {
        return Map.of("HOME", home.toString(), "VELOCITY_URL", url(), "VELOCITY_API_KEY", key);
    }

    FakeApi on(String methodAndPath, Function<Request, Answer> answer) {
        routes.put(methodAndPath, answer);
        return this;
    }

    FakeApi on(String methodAndPath, Answer answer) {
        return on(methodAndPath, r -> answer);
    }

    List<Request> requests(String methodAndPath) {
        return requests.stream().filter(r -> (r.method() + " " + r.path()).equals(methodAndPath)).toList();
    }

    private void answer(HttpExchange x) throws IOException {
        String path = x.getRequestURI().getPath().substring("/api/v1".length());
        String rawQuery = x.getRequestURI().getRawQuery();
        Map<String, List<String>> headers = new java.util.HashMap<>();
        x.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(java.util.Locale.ROOT), v));
        Request r = new Request(x.getRequestMethod(), path,
                rawQuery == null ? "" : URLDecoder.decode(rawQuery, StandardCharsets.UTF_8), headers,
                new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        requests.add(r);
        Answer a;
        if (!("Bearer " + key).equals(r.header("authorization"))) {
            a = Answer.problem(401, "UNAUTHENTICATED", "Send a valid key.");
        } else {
            Function<Request, Answer> route = routes.get(r.method() + " " + path);
            a = route == null ? Answer.problem(404, "NOT_FOUND", "No route " + path + ".") : route.apply(r);
        }
        if (a.contentType() != null) {
            x.getResponseHeaders().add("Content-Type", a.contentType());
        }
        a.headers().forEach((k, v) -> x.getResponseHeaders().add(k, v));
        byte[] body = a.body().getBytes(StandardCharsets.UTF_8);
        x.sendResponseHeaders(a.status(), body.length == 0 ? -1 : body.length);
        try (OutputStream out = x.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
