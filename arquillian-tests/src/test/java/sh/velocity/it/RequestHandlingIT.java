package sh.velocity.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import sh.velocity.it.stack.TestStack;
import sh.velocity.it.support.Api;
import sh.velocity.it.support.Deployments;
import sh.velocity.it.support.Manifests;

/** Body limits, request ids, problem documents and response headers, as any client meets them. */
@ExtendWith(ArquillianExtension.class)
class RequestHandlingIT {

    private static final int ELEVEN_MIB = 11 * 1024 * 1024;

    @Deployment(testable = false)
    static EnterpriseArchive app() {
        return Deployments.velocity();
    }

    @Test
    void bodiesOverTenMebibytesGet413WhetherDeclaredOrChunked() throws Exception {
        byte[] body = new byte[ELEVEN_MIB];
        Arrays.fill(body, (byte) 'x');
        byte[] head = "{\"notes\":\"".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        System.arraycopy(head, 0, body, 0, head.length);
        String url = TestStack.current().baseUrl() + "/api/v1/records/" + Manifests.EXAMPLE_PATH;
        String key = Files.readString(TestStack.current().bootstrapKeyFile()).trim();
        HttpClient http = HttpClient.newHttpClient();

        HttpResponse<String> declared = http.send(HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(413, declared.statusCode(), declared.body());
        assertTrue(declared.body().contains("PAYLOAD_TOO_LARGE"), declared.body());

        HttpResponse<String> chunked = http.send(HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(413, chunked.statusCode(), chunked.body());
        assertTrue(chunked.body().contains("PAYLOAD_TOO_LARGE"), chunked.body());
    }

    /**
     * The stream is cut early: the client sends 10.5 MiB of a chunked body and then sends nothing
     * more, and the 413 must arrive while it waits. A server that buffered the whole body before
     * judging it would wait forever here, so the body is never held in memory in full.
     */
    @Test
    void anOversizedChunkedBodyIsRefusedBeforeTheClientHasSentIt() throws Exception {
        String key = Files.readString(TestStack.current().bootstrapKeyFile()).trim();
        String api = stalledChunkedPost("/api/v1/records/" + Manifests.EXAMPLE_PATH, key);
        assertTrue(api.startsWith("HTTP/1.1 413"), api);
        assertTrue(api.contains("PAYLOAD_TOO_LARGE"), api);
        String webhook = stalledChunkedPost("/admission/validate", null);
        assertTrue(webhook.startsWith("HTTP/1.1 413"), webhook);
        assertTrue(webhook.contains("PAYLOAD_TOO_LARGE"), webhook);
    }

    /**
     * The request filter routes on the raw path (API gate, console gate, static files); a path the
     * container could resolve differently is refused before routing, so no dot segment, path
     * parameter or encoded separator can carry a request past one gate to the other side. Sent on a
     * raw socket: HTTP clients normalise such paths before sending them.
     */
    @Test
    void pathsThatCouldBeReadTwoWaysAreRefusedBeforeRouting() throws Exception {
        String key = Files.readString(TestStack.current().bootstrapKeyFile()).trim();
        // These reach the application: the filter itself refuses them (without the check they get 303
        // to the console's sign-in, or 404 from the API).
        for (String path : List.of("/console/../api/v1/api-keys", "/api/v1/./api-keys", "/api/v1;x=1/api-keys")) {
            String answer = rawGet(path, key);
            assertTrue(answer.startsWith("HTTP/1.1 400"), path + ": " + answer);
            assertTrue(answer.contains("application/problem+json") && answer.contains("\"INVALID_REQUEST\""),
                    path + ": " + answer);
        }
        // These Liberty refuses itself (400, before any filter); whoever answers, nothing is served.
        for (String path : List.of("/console/..;/api/v1/api-keys", "/api/v1/%2e%2e/v1/api-keys",
                "/console/%2e%2e/api/v1/api-keys", "/console/x%2f..%2f..%2fapi/v1/api-keys")) {
            String answer = rawGet(path, key);
            assertTrue(answer.startsWith("HTTP/1.1 400"), path + ": " + answer);
            assertFalse(answer.contains("\"items\""), path + " listed API keys: " + answer);
        }
        String canonical = rawGet("/api/v1/api-keys", key);
        assertTrue(canonical.startsWith("HTTP/1.1 200"), canonical);
    }

    /** One GET on a socket of its own, the path sent exactly as given; the whole answer. */
    private static String rawGet(String path, String key) throws Exception {
        URI base = URI.create(TestStack.current().baseUrl());
        try (java.net.Socket socket = new java.net.Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(30_000);
            String request = "GET " + path + " HTTP/1.1\r\nHost: " + base.getHost() + ':' + base.getPort()
                    + "\r\nAuthorization: Bearer " + key + "\r\nConnection: close\r\n\r\n";
            socket.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    /** Sends headers and 10.5 MiB of chunks, stops sending, and returns what the server answers. */
    private static String stalledChunkedPost(String path, String key) throws Exception {
        URI base = URI.create(TestStack.current().baseUrl());
        try (java.net.Socket socket = new java.net.Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(30_000);
            java.io.OutputStream out = socket.getOutputStream();
            StringBuilder head = new StringBuilder("POST ").append(path).append(" HTTP/1.1\r\n")
                    .append("Host: ").append(base.getHost()).append(':').append(base.getPort()).append("\r\n")
                    .append("Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n");
            if (key != null) {
                head.append("Authorization: Bearer ").append(key).append("\r\n");
            }
            out.write(head.append("\r\n").toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            byte[] chunk = new byte[64 * 1024];
            Arrays.fill(chunk, (byte) 'x');
            byte[] open = "{\"notes\":\"".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            System.arraycopy(open, 0, chunk, 0, open.length);
            byte[] size = (Integer.toHexString(chunk.length) + "\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            byte[] crlf = "\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            try {
                for (int sent = 0; sent < ELEVEN_MIB - 512 * 1024; sent += chunk.length) {
                    out.write(size);
                    out.write(chunk);
                    out.write(crlf);
                    if (sent == 0) {
                        Arrays.fill(chunk, 0, open.length, (byte) 'x');
                    }
                }
                out.flush();
            } catch (java.io.IOException e) {
                // The server may close its side once it has answered: read what it said.
            }
            // No last chunk: the body is unfinished. The answer must come anyway: read until the
            // problem document has arrived (or the server closes; a silent server times out).
            java.io.InputStream in = socket.getInputStream();
            java.io.ByteArrayOutputStream answer = new java.io.ByteArrayOutputStream();
            byte[] buffer = new byte[4096];
            for (int n; (n = in.read(buffer)) > 0; ) {
                answer.write(buffer, 0, n);
                String text = answer.toString(java.nio.charset.StandardCharsets.UTF_8);
                int headerEnd = text.indexOf("\r\n\r\n");
                if (headerEnd > 0 && text.indexOf('}', headerEnd) > 0) {
                    break;
                }
            }
            return answer.toString(java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    /**
     * Issue 5, acceptance 6: the HTTPS listener negotiates TLS 1.3, accepts 1.2, and refuses 1.1.
     * JDK 17 disables TLS 1.1 in clients too, so the 1.1 client runs in a JVM of its own whose
     * security properties allow it; the same client offering 1.2 must succeed (the control).
     */
    @Test
    void httpsPrefersTls13AcceptsTls12AndRefusesTls11() throws Exception {
        int port = TestStack.current().httpsPort();
        assertEquals("TLSv1.3", handshake(port, "TLSv1.2", "TLSv1.3"));
        assertEquals("TLSv1.2", handshake(port, "TLSv1.2"));

        java.nio.file.Path dir = Files.createTempDirectory("tls-probe");
        java.nio.file.Path security = dir.resolve("allow-tls11.security");
        Files.writeString(security, "jdk.tls.disabledAlgorithms=SSLv3, RC4, DES, MD5withRSA, DH keySize < 1024, "
                + "EC keySize < 224, 3DES_EDE_CBC, anon, NULL\n");
        java.nio.file.Path probe = dir.resolve("TlsProbe.java");
        Files.writeString(probe, """
                import javax.net.ssl.*;
                public class TlsProbe {
                    public static void main(String[] a) throws Exception {
                        TrustManager[] all = {new X509TrustManager() {
                            public void checkClientTrusted(java.security.cert.X509Certificate[] c, String t) {}
                            public void checkServerTrusted(java.security.cert.X509Certificate[] c, String t) {}
                            public java.security.cert.X509Certificate[] getAcceptedIssuers() { return new java.security.cert.X509Certificate[0]; }
                        }};
                        SSLContext ctx = SSLContext.getInstance("TLS");
                        ctx.init(null, all, null);
                        try (SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket(a[0], Integer.parseInt(a[1]))) {
                            s.setEnabledProtocols(new String[] {a[2]});
                            s.setSoTimeout(10000);
                            s.startHandshake();
                            System.out.println("NEGOTIATED " + s.getSession().getProtocol());
                        } catch (java.io.IOException e) {
                            System.out.println("REFUSED " + e.getClass().getSimpleName() + ": " + e.getMessage());
                        }
                    }
                }
                """);
        assertEquals("NEGOTIATED TLSv1.2", probe(security, probe, port, "TLSv1.2"), "the control: this client works");
        String tls11 = probe(security, probe, port, "TLSv1.1");
        // The client sent its TLS 1.1 hello (a client that refused itself says "No appropriate protocol");
        // the server answered with an alert or by closing the connection.
        assertTrue(tls11.startsWith("REFUSED") && (tls11.contains("protocol_version")
                || tls11.contains("Remote host terminated the handshake")), "the server refuses TLS 1.1: " + tls11);
    }

    /** Every response carries the security headers, also those the application never sees. */
    @Test
    void healthMetricsAndUnknownPathsCarryTheSecurityHeaders() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        for (String path : new String[] {"/health", "/health/ready", "/metrics", "/no/such/thing"}) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(TestStack.current().baseUrl() + path))
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            assertEquals("max-age=31536000; includeSubDomains; preload",
                    r.headers().firstValue("Strict-Transport-Security").orElse(null), path);
            assertEquals("DENY", r.headers().firstValue("X-Frame-Options").orElse(null), path);
            assertEquals("nosniff", r.headers().firstValue("X-Content-Type-Options").orElse(null), path);
            assertTrue(r.headers().firstValue("Content-Security-Policy").isPresent(), path);
            assertTrue(r.headers().firstValue("Referrer-Policy").isPresent(), path);
        }
    }

    private static String handshake(int port, String... protocols) throws Exception {
        javax.net.ssl.SSLContext ctx = javax.net.ssl.SSLContext.getInstance("TLS");
        ctx.init(null, new javax.net.ssl.TrustManager[] {new javax.net.ssl.X509TrustManager() {
            public void checkClientTrusted(java.security.cert.X509Certificate[] c, String t) {
            }

            public void checkServerTrusted(java.security.cert.X509Certificate[] c, String t) {
            }

            public java.security.cert.X509Certificate[] getAcceptedIssuers() {
                return new java.security.cert.X509Certificate[0];
            }
        }}, null);
        try (javax.net.ssl.SSLSocket socket = (javax.net.ssl.SSLSocket) ctx.getSocketFactory()
                .createSocket("127.0.0.1", port)) {
            socket.setEnabledProtocols(protocols);
            socket.setSoTimeout(10_000);
            socket.startHandshake();
            return socket.getSession().getProtocol();
        }
    }

    private static String probe(java.nio.file.Path security, java.nio.file.Path source, int port, String protocol)
            throws Exception {
        Process p = new ProcessBuilder(java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.security.properties=" + security, source.toString(), "127.0.0.1", Integer.toString(port),
                protocol).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).trim();
        assertTrue(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS), "the probe ends by itself");
        return out;
    }

    @Test
    void requestIdIsEchoedWhenWellFormedAndGeneratedOtherwise() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> echoed = http.send(HttpRequest.newBuilder(URI.create(TestStack.current().baseUrl()
                + "/api/v1/schemas")).header("X-Request-Id", "trace-123").build(), HttpResponse.BodyHandlers.ofString());
        assertEquals("trace-123", echoed.headers().firstValue("X-Request-Id").orElse(null));
        assertTrue(echoed.body().contains("\"requestId\":\"trace-123\""), echoed.body());

        HttpResponse<String> generated = http.send(HttpRequest.newBuilder(URI.create(TestStack.current().baseUrl()
                + "/api/v1/schemas")).header("X-Request-Id", "x".repeat(129)).build(), HttpResponse.BodyHandlers.ofString());
        String id = generated.headers().firstValue("X-Request-Id").orElse("");
        assertTrue(id.matches("[0-9a-f-]{36}"), "a fresh UUID replaces an over-long id: " + id);
    }

    @Test
    void errorsAreProblemDocumentsWithoutStackTracesAndCarrySecurityHeaders() {
        Api admin = Api.admin();
        for (Api.Response r : new Api.Response[] {
                admin.get("/api/v1/no-such-route"),
                admin.post("/api/v1/records/" + Manifests.EXAMPLE_PATH, "application/json", "{not json"),
                admin.post("/api/v1/schemas", "application/yaml", "a: [unclosed"),
                admin.get("/api/v1/records/acme/supply-chain/procurement/does-not-exist/v1"),
                admin.get("/api/v1/records/ACME/x/y/z/v1")}) {
            assertTrue(r.status() >= 400 && r.status() < 500, r.status() + " " + r.body());
            assertTrue(r.header("Content-Type").startsWith("application/problem+json"), r.body());
            assertNotNull(r.json().getString("code"));
            assertFalse(r.body().contains("Exception") || r.body().contains("\tat "), r.body());
            assertEquals("no-store", r.header("Cache-Control"));
            assertEquals("nosniff", r.header("X-Content-Type-Options"));
            assertEquals("DENY", r.header("X-Frame-Options"));
            assertNotNull(r.header("Content-Security-Policy"));
        }
    }
}
