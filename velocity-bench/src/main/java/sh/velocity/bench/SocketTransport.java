package sh.velocity.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;

/**
 * A plain HTTP/1.1 client for load phases: one blocking keep-alive socket per client thread, the
 * request written in one go, the response read on the same thread. It exists because the JDK's
 * {@link java.net.http.HttpClient} hands every exchange to its selector thread and back, which cost
 * the benchmark JVM 0.33-0.49 ms of CPU per create on these two-core machines (docs/benchmarks.md,
 * session 11): CPU that the server under test then did not have. pgbench, the figure the records
 * benchmark is compared with, is a C client that costs next to nothing; this is the same idea as wrk.
 *
 * <p>Plain {@code http} on loopback only (the benchmarks refuse other hosts before they get here).
 * Responses are read by {@code Content-Length} or chunked transfer coding; a {@code Connection:
 * close}, an I/O error or an interruption closes the socket, and the next request opens a new one.
 */
final class SocketTransport implements LoadRun.Transport {

    private static final int TIMEOUT_MILLIS = 60_000;

    private final Connection[] connections;

    SocketTransport(int clients) {
        connections = new Connection[clients];
    }

    @Override
    public LoadRun.Reply send(int client, HttpRequest request) throws IOException {
        Connection c = connections[client];
        if (c == null) {
            c = new Connection(request.uri());
            connections[client] = c;
        }
        try {
            LoadRun.Reply reply = c.exchange(request);
            if (c.closed) {
                connections[client] = null;
            }
            return reply;
        } catch (IOException | RuntimeException e) {
            c.close();
            connections[client] = null;
            throw e;
        }
    }

    @Override
    public void close() {
        for (int i = 0; i < connections.length; i++) {
            if (connections[i] != null) {
                connections[i].close();
                connections[i] = null;
            }
        }
    }

    /** The bytes a request would send: the publisher of {@code BodyPublishers.ofString} and the like, drained. */
    static byte[] body(HttpRequest request) throws IOException {
        Optional<HttpRequest.BodyPublisher> publisher = request.bodyPublisher();
        if (publisher.isEmpty() || publisher.get().contentLength() == 0) {
            return new byte[0];
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CompletableFuture<Void> done = new CompletableFuture<>();
        publisher.get().subscribe(new Flow.Subscriber<>() {
            @Override
            public void onSubscribe(Flow.Subscription subscription) {
                subscription.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(ByteBuffer item) {
                byte[] bytes = new byte[item.remaining()];
                item.get(bytes);
                out.writeBytes(bytes);
            }

            @Override
            public void onError(Throwable throwable) {
                done.completeExceptionally(throwable);
            }

            @Override
            public void onComplete() {
                done.complete(null);
            }
        });
        try {
            done.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while reading the request body", e);
        } catch (ExecutionException e) {
            throw new IOException("request body: " + e.getCause(), e.getCause());
        }
        return out.toByteArray();
    }

    /** The request line and headers of {@code request}, for a body of {@code length} bytes. */
    static byte[] head(HttpRequest request, int length) {
        URI uri = request.uri();
        StringBuilder head = new StringBuilder(256);
        head.append(request.method()).append(' ').append(uri.getRawPath());
        if (uri.getRawQuery() != null) {
            head.append('?').append(uri.getRawQuery());
        }
        head.append(" HTTP/1.1\r\nHost: ").append(uri.getHost());
        if (uri.getPort() != -1) {
            head.append(':').append(uri.getPort());
        }
        head.append("\r\n");
        request.headers().map().forEach((name, values) -> {
            for (String value : values) {
                head.append(name).append(": ").append(value).append("\r\n");
            }
        });
        if (length > 0 || !request.method().equals("GET")) {
            head.append("Content-Length: ").append(length).append("\r\n");
        }
        return head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /** One keep-alive connection, used by one thread at a time. */
    private static final class Connection {
        private final Socket socket;
        private final OutputStream out;
        private final InputStream in;
        boolean closed;

        Connection(URI uri) throws IOException {
            if (!"http".equals(uri.getScheme())) {
                throw new IOException("the socket transport speaks plain http only, not " + uri.getScheme());
            }
            socket = new Socket();
            try {
                socket.setTcpNoDelay(true);
                socket.setSoTimeout(TIMEOUT_MILLIS);
                socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort() == -1 ? 80 : uri.getPort()),
                        3_000);
                out = socket.getOutputStream();
                in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
            } catch (IOException e) {
                socket.close();
                throw e;
            }
        }

        LoadRun.Reply exchange(HttpRequest request) throws IOException {
            byte[] body = body(request);
            byte[] head = head(request, body.length);
            byte[] all = new byte[head.length + body.length];
            System.arraycopy(head, 0, all, 0, head.length);
            System.arraycopy(body, 0, all, head.length, body.length);
            out.write(all);
            out.flush();

            String status = line();
            if (!status.startsWith("HTTP/1.1 ") || status.length() < 12) {
                throw new IOException("not an HTTP/1.1 status line: " + status);
            }
            int code = Integer.parseInt(status.substring(9, 12));
            Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            for (String line = line(); !line.isEmpty(); line = line()) {
                int colon = line.indexOf(':');
                if (colon <= 0) {
                    throw new IOException("malformed header line: " + line);
                }
                headers.computeIfAbsent(line.substring(0, colon).trim(), k -> new java.util.ArrayList<>(1))
                        .add(line.substring(colon + 1).trim());
            }
            byte[] content;
            String coding = first(headers, "Transfer-Encoding");
            String length = first(headers, "Content-Length");
            if (coding != null && coding.toLowerCase(Locale.ROOT).contains("chunked")) {
                content = chunked();
            } else if (length != null) {
                int expected = Integer.parseInt(length.trim());
                content = in.readNBytes(expected);
                if (content.length != expected) {
                    throw new EOFException("response ended after " + content.length + " of " + expected + " bytes");
                }
            } else if (code == 204 || code == 304 || code / 100 == 1 || request.method().equals("HEAD")) {
                content = new byte[0];
            } else {
                content = in.readAllBytes(); // ends with the connection
                closed = true;
            }
            String connection = first(headers, "Connection");
            if (closed || (connection != null && connection.equalsIgnoreCase("close"))) {
                close();
            }
            return new LoadRun.Reply(code, content, headers);
        }

        private byte[] chunked() throws IOException {
            ByteArrayOutputStream content = new ByteArrayOutputStream();
            while (true) {
                String size = line();
                int semicolon = size.indexOf(';');
                int n = Integer.parseInt((semicolon < 0 ? size : size.substring(0, semicolon)).trim(), 16);
                if (n == 0) {
                    while (!line().isEmpty()) {
                        // trailer fields, not used
                    }
                    return content.toByteArray();
                }
                byte[] chunk = in.readNBytes(n);
                if (chunk.length != n) {
                    throw new EOFException("chunk ended after " + chunk.length + " of " + n + " bytes");
                }
                content.writeBytes(chunk);
                if (!line().isEmpty()) {
                    throw new IOException("no CRLF after a chunk");
                }
            }
        }

        /** One header-section line without its CRLF (ISO-8859-1). */
        private String line() throws IOException {
            StringBuilder line = new StringBuilder(64);
            while (true) {
                int b = in.read();
                if (b < 0) {
                    throw new EOFException("connection closed by the server mid-response");
                }
                if (b == '\n') {
                    int end = line.length();
                    if (end > 0 && line.charAt(end - 1) == '\r') {
                        line.setLength(end - 1);
                    }
                    return line.toString();
                }
                line.append((char) b);
            }
        }

        private static String first(Map<String, List<String>> headers, String name) {
            List<String> values = headers.get(name);
            return values == null || values.isEmpty() ? null : values.get(0);
        }

        void close() {
            closed = true;
            try {
                socket.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }
}
