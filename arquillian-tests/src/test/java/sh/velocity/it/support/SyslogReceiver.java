package sh.velocity.it.support;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;

/**
 * A syslog collector on 127.0.0.1 speaking RFC 5425 (TLS) with RFC 6587 octet-counted frames,
 * written from the RFCs without Velocity's code: it reads {@code LEN SP MSG} frames, parses each
 * RFC 5424 message, and records the event (the JSON in MSG) by the event id in its structured data.
 * A message whose header, structured data and JSON disagree is counted as malformed.
 */
public final class SyslogReceiver implements AutoCloseable {

    private static final Pattern MESSAGE = Pattern.compile(
            "<(\\d{1,3})>1 (\\S+) (\\S+) (\\S+) (\\S+) (\\S+) \\[([^ \\]]+)((?: [^ =\\]\"]+=\"(?:[^\"\\\\\\]]|\\\\.)*\")*)\\] (.*)",
            Pattern.DOTALL);
    private static final Pattern PARAM = Pattern.compile(" ([^ =\\]\"]+)=\"((?:[^\"\\\\\\]]|\\\\.)*)\"");

    private final SSLServerSocket server;
    private final Map<String, List<JsonObject>> events = new ConcurrentHashMap<>();
    private final AtomicInteger malformed = new AtomicInteger();
    private final AtomicInteger connections = new AtomicInteger();
    private final List<Socket> open = new CopyOnWriteArrayList<>();

    private SyslogReceiver(int port, Path keystore, char[] password) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            ks.load(in, password);
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, password);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(kmf.getKeyManagers(), null, null);
        server = (SSLServerSocket) tls.getServerSocketFactory().createServerSocket(port, 16,
                InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::acceptLoop, "syslog-receiver");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public static SyslogReceiver start(int port, Path keystore, char[] password) throws Exception {
        return new SyslogReceiver(port, keystore, password);
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                connections.incrementAndGet();
                open.add(s);
                Thread reader = new Thread(() -> read(s), "syslog-connection");
                reader.setDaemon(true);
                reader.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void read(Socket s) {
        try (s; DataInputStream in = new DataInputStream(s.getInputStream())) {
            while (true) {
                StringBuilder length = new StringBuilder();
                int c;
                while ((c = in.read()) != ' ') {
                    if (c < 0) {
                        return; // end of stream between frames: a clean close
                    }
                    if (c < '0' || c > '9' || length.length() > 9) {
                        malformed.incrementAndGet();
                        return;
                    }
                    length.append((char) c);
                }
                byte[] message = new byte[Integer.parseInt(length.toString())];
                in.readFully(message);
                accept(new String(message, StandardCharsets.UTF_8));
            }
        } catch (EOFException e) {
            malformed.incrementAndGet(); // a frame cut short
        } catch (IOException e) {
            // the connection went away
        } finally {
            open.remove(s);
        }
    }

    private void accept(String message) {
        Matcher m = MESSAGE.matcher(message);
        if (!m.matches() || !m.group(7).equals("velocity@32473")) {
            malformed.incrementAndGet();
            return;
        }
        Map<String, String> sd = new HashMap<>();
        Matcher p = PARAM.matcher(m.group(8));
        while (p.find()) {
            sd.put(p.group(1), p.group(2).replaceAll("\\\\([\"\\\\\\]])", "$1"));
        }
        JsonObject event;
        try (JsonReader reader = Json.createReader(new StringReader(m.group(9)))) {
            event = reader.readObject();
        } catch (RuntimeException e) {
            malformed.incrementAndGet();
            return;
        }
        int severity = switch (event.getString("result")) {
            case "success" -> 6;
            case "denied" -> 4;
            default -> 3;
        };
        boolean consistent = Integer.parseInt(m.group(1)) == 13 * 8 + severity
                && m.group(2).equals(event.getString("timestamp"))
                && m.group(4).equals("velocity")
                && event.getString("id").equals(sd.get("eventId"))
                && event.getString("chain").equals(sd.get("chain"))
                && String.valueOf(event.getJsonNumber("seq").longValue()).equals(sd.get("seq"))
                && event.getString("hash").equals(sd.get("hash"));
        if (!consistent) {
            malformed.incrementAndGet();
            return;
        }
        events.computeIfAbsent(sd.get("eventId"), id -> new CopyOnWriteArrayList<>()).add(event);
    }

    public Map<String, List<JsonObject>> events() {
        return events;
    }

    public int malformed() {
        return malformed.get();
    }

    public int connections() {
        return connections.get();
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : open) {
            s.close();
        }
    }
}
