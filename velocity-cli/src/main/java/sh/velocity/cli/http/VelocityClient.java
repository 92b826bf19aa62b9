package sh.velocity.cli.http;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;
import sh.velocity.cli.io.CliFailure;
import sh.velocity.cli.io.Console;

/**
 * Calls the REST API with the profile's API key. Every request carries a fresh {@code X-Request-Id}
 * so that a failure can be matched with the server's audit log. {@code verbose} traces method, URL,
 * status and request id to stderr; the {@code Authorization} header is never written anywhere, and
 * neither are bodies (a created key's plaintext is in one), only the caller prints what it chooses.
 */
public final class VelocityClient {

    private static final int MAX_PROBLEM_BYTES = 64 * 1024;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Console console;
    private final Endpoint endpoint;
    private final String apiKey;
    private final boolean verbose;
    private final HttpClient http;

    public VelocityClient(Console console, Endpoint endpoint, String apiKey, Path caCert, boolean verbose) {
        this.console = console;
        this.endpoint = endpoint;
        this.apiKey = apiKey;
        this.verbose = verbose;
        HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NEVER);
        if (caCert != null) {
            b.sslContext(trusting(caCert));
        }
        this.http = b.build();
    }

    public Endpoint endpoint() {
        return endpoint;
    }

    /** GET of a JSON answer; a problem answer or an unreachable server is a {@link CliFailure}. */
    public JsonObject getJson(String pathAndQuery) {
        return call("GET", pathAndQuery, null, null, Map.of()).object();
    }

    /** GET whose body the caller streams and must close; a problem answer is a {@link CliFailure}. */
    public InputStream getStream(String pathAndQuery, String accept) {
        return send(request("GET", pathAndQuery, null, null, Map.of(), accept), HttpResponse.BodyHandlers.ofInputStream())
                .body();
    }

    /**
     * One call with a text body (or none): {@code method} on {@code /api/v1} + {@code pathAndQuery},
     * with extra request headers ({@code Idempotency-Key}, {@code If-Match}). A 2xx answer is returned
     * whole; anything else is a {@link CliFailure} with the server's problem code.
     */
    public ApiResponse call(String method, String pathAndQuery, String contentType, String body,
                            Map<String, String> headers) {
        HttpResponse<InputStream> r = send(request(method, pathAndQuery, contentType, body, headers, "application/json"),
                HttpResponse.BodyHandlers.ofInputStream());
        byte[] bytes;
        try (InputStream in = r.body()) {
            bytes = in.readAllBytes();
        } catch (IOException e) {
            throw CliFailure.server("The answer of " + endpoint + " broke off: " + reason(e));
        }
        return new ApiResponse(r.statusCode(), r.headers().map(), new String(bytes, StandardCharsets.UTF_8),
                method + " " + pathAndQuery);
    }

    private HttpRequest request(String method, String pathAndQuery, String contentType, String body,
                                Map<String, String> headers, String accept) {
        HttpRequest.Builder b = HttpRequest.newBuilder(endpoint.api(pathAndQuery)).timeout(Duration.ofMinutes(10))
                .header("Authorization", "Bearer " + apiKey)
                .header("Accept", accept + ", application/problem+json")
                .header("X-Request-Id", "cli-" + HexFormat.of().formatHex(randomBytes()))
                .header("User-Agent", "velocity-cli");
        headers.forEach(b::header);
        if (body == null) {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            b.header("Content-Type", contentType).method(method, HttpRequest.BodyPublishers.ofString(body,
                    StandardCharsets.UTF_8));
        }
        return b.build();
    }

    private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        String requestId = request.headers().firstValue("X-Request-Id").orElse("");
        if (verbose) {
            console.err().println("> " + request.method() + " " + request.uri() + " (X-Request-Id: " + requestId
                    + ", Authorization: Bearer <redacted>)");
        }
        HttpResponse<T> response;
        try {
            response = http.send(request, handler);
        } catch (HttpConnectTimeoutException | ConnectException e) {
            throw CliFailure.server("Cannot connect to " + endpoint + ": " + reason(e));
        } catch (HttpTimeoutException e) {
            throw CliFailure.server(endpoint + " did not answer in time.");
        } catch (IOException e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof SSLException tls) {
                    throw CliFailure.server("TLS with " + endpoint + " failed: " + reason(tls) + ". If the server's "
                            + "certificate is signed by a private CA, pass that CA's certificate with --ca-cert FILE.");
                }
            }
            throw CliFailure.server("The request to " + endpoint + " failed: " + reason(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CliFailure.server("Interrupted.");
        }
        if (verbose) {
            console.err().println("< " + response.statusCode() + " "
                    + response.headers().firstValue("Content-Type").orElse(""));
        }
        if (response.statusCode() / 100 != 2) {
            throw problem(response, requestId);
        }
        return response;
    }

    private static CliFailure problem(HttpResponse<?> response, String requestId) {
        String body = "";
        if (response.body() instanceof InputStream stream) {
            try (InputStream in = stream) {
                body = new String(in.readNBytes(MAX_PROBLEM_BYTES), StandardCharsets.UTF_8);
            } catch (IOException e) {
                body = "";
            }
        }
        String code = "HTTP_" + response.statusCode();
        String detail = "no problem document";
        String id = response.headers().firstValue("X-Request-Id").orElse(requestId);
        List<CliFailure.FieldProblem> errors = new ArrayList<>();
        try (JsonReader reader = Json.createReader(new StringReader(body))) {
            JsonObject p = reader.readObject();
            code = p.getString("code", code);
            detail = p.getString("detail", p.getString("title", detail));
            id = p.getString("requestId", id);
            if (p.get("errors") instanceof JsonArray list) {
                for (JsonValue e : list) {
                    if (e instanceof JsonObject o) {
                        errors.add(new CliFailure.FieldProblem(o.getString("field", "?"), o.getString("message", "")));
                    }
                }
            }
        } catch (JsonException | ClassCastException | IllegalStateException e) {
            // Not a problem document (a proxy's error page): the status says enough.
        }
        return CliFailure.problem(response.statusCode(), code, detail, id, errors);
    }

    /** An SSL context that trusts only the certificates in {@code pem} (one or more, PEM or DER). */
    private static SSLContext trusting(Path pem) {
        try (InputStream in = Files.newInputStream(pem)) {
            Collection<? extends Certificate> certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (certs.isEmpty()) {
                throw CliFailure.usage(pem + " holds no certificate");
            }
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int i = 0;
            for (Certificate c : certs) {
                store.setCertificateEntry("ca-" + i++, c);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(store);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (IOException e) {
            throw CliFailure.usage("Cannot read the CA certificate " + pem + ": " + e.getMessage());
        } catch (GeneralSecurityException e) {
            throw CliFailure.usage(pem + " is not an X.509 certificate (PEM or DER): " + e.getMessage());
        }
    }

    private static byte[] randomBytes() {
        byte[] b = new byte[8];
        RANDOM.nextBytes(b);
        return b;
    }

    private static String reason(Exception e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
