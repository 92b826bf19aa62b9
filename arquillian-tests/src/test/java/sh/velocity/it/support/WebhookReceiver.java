package sh.velocity.it.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.StringReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A SIEM's webhook endpoint on 127.0.0.1, written from docs/operations.md without Velocity's code:
 * it checks each request's {@code X-Velocity-Signature} (HMAC-SHA256 over {@code t.body}, five
 * minutes' tolerance) and records the events of the requests it accepts, by event id. A test can
 * make it answer the next requests with given statuses (not storing their events, as a SIEM that is
 * down would not), or keep the next request open, store its events and then drop the connection
 * without an answer: a receiver that took a batch whose acknowledgement never arrived.
 */
public final class WebhookReceiver implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(4);
    private final byte[] secret;
    private final Map<String, List<JsonObject>> events = new ConcurrentHashMap<>();
    private final Queue<Integer> plannedStatuses = new ConcurrentLinkedQueue<>();
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger refused = new AtomicInteger();
    private final AtomicInteger badSignatures = new AtomicInteger();
    private volatile CountDownLatch holdNext;
    private volatile CountDownLatch release = new CountDownLatch(0);

    private WebhookReceiver(int port, byte[] secret) throws IOException {
        this.secret = secret;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16);
        server.setExecutor(threads);
        server.createContext("/siem/events", this::handle);
        server.start();
    }

    public static WebhookReceiver start(int port, byte[] secret) throws IOException {
        return new WebhookReceiver(port, secret);
    }

    /** The next requests get these statuses (429 and 503 with {@code Retry-After: 1}). */
    public void failNext(Integer... statuses) {
        plannedStatuses.addAll(List.of(statuses));
    }

    /** Keeps the next request open until {@link #release()}, stores its events, then drops the connection. */
    public CountDownLatch holdNext() {
        release = new CountDownLatch(1);
        CountDownLatch held = new CountDownLatch(1);
        holdNext = held;
        return held;
    }

    public void release() {
        release.countDown();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            requests.incrementAndGet();
            if (!signatureHolds(exchange.getRequestHeaders().getFirst("X-Velocity-Signature"), body)) {
                badSignatures.incrementAndGet();
                exchange.sendResponseHeaders(401, -1);
                return;
            }
            Integer planned = plannedStatuses.poll();
            if (planned != null) {
                refused.incrementAndGet();
                exchange.getResponseHeaders().add("Retry-After", "1");
                exchange.sendResponseHeaders(planned, -1);
                return;
            }
            store(body);
            CountDownLatch held = holdNext;
            if (held != null) {
                holdNext = null;
                held.countDown();
                release.await(30, TimeUnit.SECONDS);
                return; // closed without a response: the connection drops
            }
            exchange.sendResponseHeaders(200, -1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void store(String body) {
        try (JsonReader reader = Json.createReader(new StringReader(body))) {
            for (JsonValue v : reader.readObject().getJsonArray("events")) {
                JsonObject event = v.asJsonObject();
                events.computeIfAbsent(event.getString("id"), id -> new CopyOnWriteArrayList<>()).add(event);
            }
        }
    }

    private boolean signatureHolds(String header, String body) {
        if (header == null) {
            return false;
        }
        long t = -1;
        String v1 = null;
        for (String part : header.split(",")) {
            if (part.startsWith("t=")) {
                t = Long.parseLong(part.substring(2));
            } else if (part.startsWith("v1=")) {
                v1 = part.substring(3);
            }
        }
        if (v1 == null || Math.abs(Instant.now().getEpochSecond() - t) > 300) {
            return false;
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            byte[] expected = mac.doFinal((t + "." + body).getBytes(StandardCharsets.UTF_8));
            return MessageDigest.isEqual(expected, HexFormat.of().parseHex(v1));
        } catch (Exception e) {
            return false;
        }
    }

    /** Every stored delivery of every event, by event id. */
    public Map<String, List<JsonObject>> events() {
        return events;
    }

    public int requests() {
        return requests.get();
    }

    public int refused() {
        return refused.get();
    }

    public int badSignatures() {
        return badSignatures.get();
    }

    @Override
    public void close() {
        release();
        server.stop(0);
        threads.shutdownNow();
    }
}
