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
