package sh.velocity.audit.infrastructure.drain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import sh.velocity.audit.domain.StoredEvent;
import sh.velocity.audit.domain.drain.DeliveryFailure;
import sh.velocity.audit.domain.drain.DrainSettings;
import sh.velocity.audit.domain.drain.EventJson;
import sh.velocity.audit.domain.drain.WebhookSignature;

/** Only a 2xx counts as delivered; the receiver's status and Retry-After reach the retry policy. */
class WebhookDrainTest {

    private static final byte[] SECRET = "a webhook secret of more than thirty-two bytes".getBytes(StandardCharsets.UTF_8);
    private static final List<StoredEvent> BATCH = List.of(new StoredEvent("platform", 1, "alice", "apikey.create",
            "apikey/1", "success", null, "r1", "127.0.0.1", "2026-11-22T09:00:23.000000Z", "{\"name\": \"ci\"}",
            "0".repeat(64), "1".repeat(64)));

    private HttpServer server;
    private final AtomicInteger status = new AtomicInteger(200);
    private final List<String> bodies = new CopyOnWriteArrayList<>();
    private final List<String> signatures = new CopyOnWriteArrayList<>();
    private final AtomicInteger redirectedHits = new AtomicInteger();
    private volatile String retryAfter;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/events", exchange -> {
            bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            signatures.add(exchange.getRequestHeaders().getFirst(WebhookSignature.HEADER));
            if (retryAfter != null) {
                exchange.getResponseHeaders().add("Retry-After", retryAfter);
            }
            if (status.get() / 100 == 3) {
                exchange.getResponseHeaders().add("Location", "/elsewhere");
            }
            exchange.sendResponseHeaders(status.get(), -1);
            exchange.close();
        });
        server.createContext("/elsewhere", exchange -> {
            redirectedHits.incrementAndGet();
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void aTwoHundredDeliversTheSignedBatch() throws Exception {
        drain("/events").deliver(BATCH);
        assertEquals(List.of(EventJson.batch(BATCH)), bodies);
        assertTrue(new WebhookSignature(SECRET).verify(signatures.get(0), bodies.get(0),
                Instant.now().getEpochSecond(), 60), signatures.get(0));
    }

    @Test
    void serverErrorsAndThrottlingCarryRetryAfter() {
        status.set(503);
        retryAfter = "7";
        DeliveryFailure f = assertThrows(DeliveryFailure.class, () -> drain("/events").deliver(BATCH));
        assertEquals("HTTP 503", f.getMessage());
        assertEquals(Optional.of(Duration.ofSeconds(7)), f.retryAfter());
        status.set(429);
        assertEquals(Optional.of(Duration.ofSeconds(7)),
                assertThrows(DeliveryFailure.class, () -> drain("/events").deliver(BATCH)).retryAfter());
        status.set(400);
        assertEquals(Optional.empty(),
                assertThrows(DeliveryFailure.class, () -> drain("/events").deliver(BATCH)).retryAfter(),
                "a client error's Retry-After is not a throttle");
    }

    @Test
    void payloadTooLargeAsksForSmallerBatches() {
        status.set(413);
        assertTrue(assertThrows(DeliveryFailure.class, () -> drain("/events").deliver(BATCH)).tooLarge());
    }

    @Test
    void aRedirectIsAFailureAndIsNotFollowed() {
        status.set(307);
        DeliveryFailure f = assertThrows(DeliveryFailure.class, () -> drain("/events").deliver(BATCH));
        assertEquals("HTTP 307", f.getMessage());
        assertEquals(0, redirectedHits.get());
    }

    @Test
    void anUnreachableReceiverIsAFailureThatNamesNoSecret() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        WebhookDrain drain = new WebhookDrain(settings(), URI.create("http://127.0.0.1:" + closedPort + "/events"),
                new WebhookSignature(SECRET), TlsTrust.defaultContext(), Clock.systemUTC());
        DeliveryFailure f = assertThrows(DeliveryFailure.class, () -> drain.deliver(BATCH));
        assertFalse(f.getMessage().contains(new String(SECRET, StandardCharsets.UTF_8)));
        assertTrue(f.getMessage().contains("Connect"), f.getMessage());
    }

    private WebhookDrain drain(String path) {
        URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path + "?token=not-logged");
        WebhookDrain drain = new WebhookDrain(settings(), url, new WebhookSignature(SECRET), TlsTrust.defaultContext(),
                Clock.systemUTC());
        assertEquals("http://127.0.0.1:" + server.getAddress().getPort() + path, drain.destination());
        return drain;
    }

    private static DrainSettings settings() {
        return new DrainSettings("webhook", 10, Duration.ofSeconds(1), Duration.ofSeconds(5), List.of());
    }
}
