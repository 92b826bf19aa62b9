package sh.velocity.bench;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A running Velocity server on loopback, with the admin key: applies manifests and builds record
 * requests for the records benchmark and the pgbench comparison. One shared {@link HttpClient}
 * (HTTP/1.1, keep-alive; it opens one connection per concurrent request).
 */
final class Server {

    private static final Pattern CREDIT_CARD_MASKING = Pattern.compile(
            "(\\n      maxLength: 19)\\n      sensitivity: pii\\n      masking:\\n        strategy: partial\\n"
                    + "        visibleChars: 4");

    final URI url;
    final Path keyFile;
    final String key;
    final HttpClient client;

    private Server(URI url, Path keyFile, String key) {
        this.url = url;
        this.keyFile = keyFile;
        this.key = key;
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(3))
                .build();
    }

    /** Checks /health/ready and reads the key; {@link ApplyBenchmark.Unavailable} says what to do. */
    static Server connect(URI url, Path keyFile) throws ApplyBenchmark.Unavailable {
        if (!ApplyBenchmark.ready(url)) {
            throw new ApplyBenchmark.Unavailable(ApplyBenchmark.notReadyMessage(url));
        }
        return new Server(url, keyFile, ApplyBenchmark.readKey(keyFile));
    }

    /** The example manifest named {@code name}; unless {@code masked}, credit_card loses sensitivity and masking. */
    static String exampleManifest(String name, boolean masked) throws IOException {
        String manifest = ApplyBenchmark.withName(ApplyBenchmark.exampleManifest(), name);
        if (masked) {
            return manifest;
        }
        Matcher m = CREDIT_CARD_MASKING.matcher(manifest);
        if (!m.find()) {
            throw new IllegalStateException("the example manifest no longer has the credit_card masking block this"
                    + " benchmark removes for its unaudited-read variant");
        }
        return m.replaceFirst("$1");
    }

    /** POST /api/v1/schemas; expects 201 and returns the schema path. */
    String apply(String manifest) throws ApplyBenchmark.Unavailable, IOException, InterruptedException {
        HttpResponse<String> response = send(request(url.resolve("/api/v1/schemas"))
                .header("Content-Type", "application/yaml")
                .POST(HttpRequest.BodyPublishers.ofString(manifest, StandardCharsets.UTF_8)), 201);
        String path = ApplyBenchmark.schemaPath(response.body());
        if (path.equals("?")) {
            throw new IllegalStateException("201 without a schemaPath: " + response.body());
        }
        return path;
    }

    /** {@code <url>/api/v1/records/<schemaPath>} plus {@code suffix} (already encoded). */
    URI records(String schemaPath, String suffix) {
        return url.resolve("/api/v1/records/" + schemaPath + suffix);
    }

    HttpRequest.Builder request(URI uri) {
        return HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(60))
                .header("Accept", "application/json")
                .header("Authorization", "Bearer " + key);
    }

    /** One request (a builder from {@link #request}) that must answer {@code expected}: setup and sanity checks. */
    HttpResponse<String> send(HttpRequest.Builder builder, int expected)
            throws ApplyBenchmark.Unavailable, IOException, InterruptedException {
        HttpRequest request = builder.timeout(Duration.ofSeconds(120)).build();
        HttpResponse<String> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (ConnectException | HttpTimeoutException e) {
            throw new ApplyBenchmark.Unavailable("The server at " + url + " stopped answering (" + e + ").\n"
                    + ApplyBenchmark.START_HINT);
        }
        if (response.statusCode() != expected) {
            String body = response.body() == null ? "" : response.body();
            String hint = response.statusCode() == 401 ? "\nThe key in " + keyFile + " was refused: it belongs to"
                    + " another database, or was revoked. Pass a valid admin key with --key-file." : "";
            throw new IllegalStateException(request.method() + " " + request.uri() + " answered "
                    + response.statusCode() + ", expected " + expected + ": "
                    + (body.length() > 600 ? body.substring(0, 600) + "..." : body) + hint);
        }
        return response;
    }
}
