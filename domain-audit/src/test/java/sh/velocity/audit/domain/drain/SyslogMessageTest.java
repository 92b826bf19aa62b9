package sh.velocity.audit.domain.drain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import sh.velocity.audit.domain.StoredEvent;

/** RFC 5424 messages with the event in structured data and MSG, framed by RFC 6587 octet counting. */
class SyslogMessageTest {

    private static final SyslogMessage MESSAGES = new SyslogMessage("app-1.example", "4711", SyslogMessage.DEFAULT_SD_ID);

    @Test
    void theMessageHasTheRfc5424HeaderTheEventsStructuredDataAndItsJson() {
        String m = new String(MESSAGES.format(EventJsonTest.EVENT), StandardCharsets.UTF_8);
        String header = "<110>1 2026-11-22T09:00:23.123456Z app-1.example velocity 4711 record.create "
                + "[velocity@32473 eventId=\"acme/supply-chain/procurement/purchase-order/v1:42\" "
                + "chain=\"acme/supply-chain/procurement/purchase-order/v1\" seq=\"42\" hash=\"" + "ab".repeat(32)
                + "\"] ";
        assertEquals(header + EventJson.event(EventJsonTest.EVENT), m);
    }

    @Test
    void severityFollowsTheResultUnderTheLogAuditFacility() {
        assertEquals(13 * 8 + 6, pri(event("success", "x")));
        assertEquals(13 * 8 + 4, pri(event("denied", "x")));
        assertEquals(13 * 8 + 3, pri(event("failure", "x")));
    }

    @Test
    void structuredDataValuesEscapeQuoteBackslashAndBracket() {
        StoredEvent e = new StoredEvent("we\"ird\\cha]in", 1, "a", "op", "r", "success", null, null, null,
                "2026-11-22T09:00:23.000000Z", "{}", "0".repeat(64), "1".repeat(64));
        String m = new String(MESSAGES.format(e), StandardCharsets.UTF_8);
        assertTrue(m.contains(" chain=\"we\\\"ird\\\\cha\\]in\" "), m);
    }

    @Test
    void headerFieldsThatDoNotFitBecomeNilOrAreCleaned() {
        String m = new String(new SyslogMessage("host with spaces\u00e9", null, "x@1").format(
                event("success", "an operation with spaces")), StandardCharsets.UTF_8);
        assertTrue(m.startsWith("<110>1 2026-11-22T09:00:23.000000Z hostwithspaces velocity - - [x@1 "), m);
        assertThrows(IllegalArgumentException.class, () -> new SyslogMessage("h", "1", "no-enterprise-number"));
        assertThrows(IllegalArgumentException.class, () -> new SyslogMessage("h", "1", "with space@1"));
        assertThrows(IllegalArgumentException.class, () -> new SyslogMessage("h", "1", "a".repeat(30) + "@123"));
    }

    @Test
    void framesAreOctetCountedAndParseBackOneByOne() throws IOException {
        StoredEvent unicode = EventJsonTest.EVENT;
        StoredEvent plain = event("denied", "record.read");
        byte[] stream = MESSAGES.frames(List.of(unicode, plain, unicode));
        List<byte[]> read = new ArrayList<>();
        InputStream in = new ByteArrayInputStream(stream);
        int c;
        StringBuilder length = new StringBuilder();
        while ((c = in.read()) >= 0) {
            if (c == ' ') {
                read.add(in.readNBytes(Integer.parseInt(length.toString())));
                length.setLength(0);
            } else {
                length.append((char) c);
            }
        }
        assertEquals(3, read.size());
        assertArrayEquals(MESSAGES.format(unicode), read.get(0));
        assertArrayEquals(MESSAGES.format(plain), read.get(1));
        assertArrayEquals(MESSAGES.format(unicode), read.get(2));
        byte[] one = MESSAGES.format(plain);
        assertArrayEquals((one.length + " ").getBytes(StandardCharsets.US_ASCII),
                java.util.Arrays.copyOf(SyslogMessage.frame(one), String.valueOf(one.length).length() + 1));
    }

    private static StoredEvent event(String result, String operation) {
        return new StoredEvent("platform", 7, "a", operation, "r", result, null, null, null,
                "2026-11-22T09:00:23.000000Z", "{}", "0".repeat(64), "1".repeat(64));
    }

    private static int pri(StoredEvent e) {
        String m = new String(MESSAGES.format(e), StandardCharsets.UTF_8);
        return Integer.parseInt(m.substring(1, m.indexOf('>')));
    }
}
