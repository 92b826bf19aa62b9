package sh.velocity.audit.infrastructure.drain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.DataInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import sh.velocity.audit.domain.StoredEvent;
import sh.velocity.audit.domain.drain.DeliveryFailure;
import sh.velocity.audit.domain.drain.DrainSettings;
import sh.velocity.audit.domain.drain.SyslogMessage;

/** Frames arrive whole; a receiver that hung up between batches gets a new connection, not a lost batch. */
class SyslogDrainTest {

    private static final SyslogMessage MESSAGES = new SyslogMessage("test-host", "1", SyslogMessage.DEFAULT_SD_ID);

    @Test
    void batchesAreFramedAndAClosedConnectionIsReplacedBeforeTheNextBatch() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            server.setSoTimeout(5000);
            SyslogDrain drain = new SyslogDrain(settings(), "127.0.0.1", server.getLocalPort(), null, MESSAGES);

            drain.deliver(List.of(event(1), event(2)));
            List<String> first;
            try (Socket connection = server.accept()) {
                first = frames(connection, 2);
            } // the receiver hangs up
            Thread.sleep(100);
            drain.deliver(List.of(event(3)));
            try (Socket second = server.accept()) {
                assertEquals(1, frames(second, 1).size());
            }
            drain.endPass();
            assertEquals(new String(MESSAGES.format(event(1)), StandardCharsets.UTF_8), first.get(0));
        }
    }

    @Test
    void nobodyListeningIsADeliveryFailure() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        SyslogDrain drain = new SyslogDrain(settings(), "127.0.0.1", port, null, MESSAGES);
        assertThrows(DeliveryFailure.class, () -> drain.deliver(List.of(event(1))));
    }

    private static List<String> frames(Socket s, int count) throws IOException {
        DataInputStream in = new DataInputStream(s.getInputStream());
        List<String> out = new ArrayList<>();
        while (out.size() < count) {
            StringBuilder length = new StringBuilder();
            int c;
            while ((c = in.read()) != ' ') {
                length.append((char) c);
            }
            byte[] message = new byte[Integer.parseInt(length.toString())];
            in.readFully(message);
            out.add(new String(message, StandardCharsets.UTF_8));
        }
        return out;
    }

    private static StoredEvent event(long seq) {
        return new StoredEvent("platform", seq, "a", "op", "r", "success", null, null, null,
                "2026-11-22T09:00:23.000000Z", "{}", "0".repeat(64), "1".repeat(64));
    }

    private static DrainSettings settings() {
        return new DrainSettings("syslog", 10, Duration.ofSeconds(1), Duration.ofSeconds(3), List.of());
    }
}
