package sh.velocity.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The benchmark's socket client against a loopback peer that answers canned responses in turn. */
class SocketTransportTest {

    private ServerSocket listener;
    private Thread peer;
    private final AtomicInteger connections = new AtomicInteger();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final List<String> responses = new ArrayList<>();

    @BeforeEach
    void listen() throws IOException {
        listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        peer = new Thread(this::serve, "socket-transport-test-peer");
        peer.setDaemon(true);
    }

    @AfterEach
    void stop() throws Exception {
        listener.close();
        peer.join(5_000);
    }

    @Test
    void keepsOneConnectionForLengthAndChunkedResponses() throws Exception {
        responses.add("HTTP/1.1 201 Created\r\nContent-Type: application/json\r\nContent-Length: 10\r\n\r\n"
                + "{\"id\":\"1\"}");
        responses.add("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nX-Tier: 3\r\n\r\n"
                + "4\r\nabcd\r\n3;x=y\r\nefg\r\n0\r\n\r\n");
        peer.start();
        try (SocketTransport transport = new SocketTransport(1)) {
            LoadRun.Reply created = transport.send(0, HttpRequest.newBuilder(uri("/api/v1/records/a/b?x=1"))
                    .header("Authorization", "Bearer k").POST(HttpRequest.BodyPublishers.ofString("{\"a\":\"é\"}"))
                    .build());
            assertEquals(201, created.statusCode());
            assertEquals("{\"id\":\"1\"}", new String(created.body(), StandardCharsets.UTF_8));
            LoadRun.Reply listed = transport.send(0, HttpRequest.newBuilder(uri("/list")).GET().build());
            assertEquals(200, listed.statusCode());
            assertEquals("abcdefg", new String(listed.body(), StandardCharsets.US_ASCII));
            assertEquals("3", listed.header("x-tier").orElseThrow());
        }
        peer.join(5_000);
        assertEquals(1, connections.get());
        String post = requests.get(0);
        assertTrue(post.startsWith("POST /api/v1/records/a/b?x=1 HTTP/1.1\r\n"), post);
        assertTrue(post.contains("\r\nauthorization: Bearer k\r\n") || post.contains("\r\nAuthorization: Bearer k\r\n"),
                post);
        assertTrue(post.contains("\r\nContent-Length: 10\r\n"), post); // é is two bytes
        assertTrue(post.endsWith("\r\n\r\n{\"a\":\"é\"}"), post);
        assertTrue(requests.get(1).startsWith("GET /list HTTP/1.1\r\n"), requests.get(1));
    }

    @Test
    void opensANewConnectionAfterTheServerClosesOne() throws Exception {
        responses.add("HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nContent-Length: 2\r\n\r\nno");
        responses.add("HTTP/1.1 204 No Content\r\n\r\n");
        peer.start();
        try (SocketTransport transport = new SocketTransport(1)) {
            assertEquals(503, transport.send(0, HttpRequest.newBuilder(uri("/a")).GET().build()).statusCode());
            assertEquals(204, transport.send(0, HttpRequest.newBuilder(uri("/b")).GET().build()).statusCode());
        }
        peer.join(5_000);
        assertEquals(2, connections.get());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + listener.getLocalPort() + path);
    }

    /** Answers the canned responses in order; a response with "Connection: close" ends its connection. */
    private void serve() {
        int next = 0;
        while (next < responses.size()) {
            try (Socket s = listener.accept()) {
                connections.incrementAndGet();
                InputStream in = new BufferedInputStream(s.getInputStream());
                OutputStream out = s.getOutputStream();
                while (next < responses.size()) {
                    String request = readRequest(in);
                    if (request == null) {
                        break;
                    }
                    requests.add(request);
                    String response = responses.get(next++);
                    out.write(response.getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    if (response.contains("Connection: close")) {
                        break;
                    }
                }
            } catch (IOException e) {
                return;
            }
        }
    }

    /** The request's head and body as text (UTF-8), or null at the end of the connection. */
    private static String readRequest(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                return null;
            }
            head.append((char) b);
        }
        int length = 0;
        for (String line : head.toString().split("\r\n")) {
            if (line.regionMatches(true, 0, "Content-Length:", 0, 15)) {
                length = Integer.parseInt(line.substring(15).trim());
            }
        }
        return head + new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }
}
