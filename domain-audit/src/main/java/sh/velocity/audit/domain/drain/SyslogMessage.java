package sh.velocity.audit.domain.drain;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;
import sh.velocity.audit.domain.StoredEvent;

/**
 * Audit events as RFC 5424 syslog messages, framed for a stream by octet counting (RFC 6587 §3.4.1,
 * the framing RFC 5425 prescribes over TLS):
 *
 * <pre>
 * &lt;LEN&gt; SP &lt;PRI&gt;1 SP TIMESTAMP SP HOSTNAME SP velocity SP PROCID SP MSGID SP
 *     [SD-ID eventId="…" chain="…" seq="…" hash="…"] SP MSG
 * </pre>
 *
 * <ul>
 *   <li>PRI: facility 13 ("log audit") × 8 + severity: 6 (informational) for a success, 4 (warning)
 *       for a denial, 3 (error) for a failure.</li>
 *   <li>TIMESTAMP: the event's own time, the text its hash covers (microseconds, UTC).</li>
 *   <li>MSGID: the operation ({@code record.create}) when it is printable ASCII of at most 32
 *       characters, else {@code -}.</li>
 *   <li>MSG: the event's JSON ({@link EventJson}), which is ASCII, so no BOM.</li>
 * </ul>
 *
 * Octet counting, unlike newline framing, survives any content in the message.
 */
public final class SyslogMessage {

    public static final int FACILITY_LOG_AUDIT = 13;
    public static final String APP_NAME = "velocity";
    /** The documentation enterprise number (RFC 5612): set a registered one where there is one. */
    public static final String DEFAULT_SD_ID = "velocity@32473";
    private static final Pattern SD_ID = Pattern.compile("[\\x21-\\x7e&&[^=\\]\"@]]+@[0-9]+(\\.[0-9]+)*");
    private static final Pattern MSG_ID = Pattern.compile("[\\x21-\\x7e]{1,32}");

    private final String hostname;
    private final String procId;
    private final String sdId;

    /**
     * @param hostname this server's name (anything outside printable ASCII is dropped; at most 255)
     * @param procId   the process id, or null
     * @param sdId     the structured-data element's id, {@code name@enterprise-number}
     */
    public SyslogMessage(String hostname, String procId, String sdId) {
        this.hostname = header(hostname, 255);
        this.procId = header(procId, 128);
        if (sdId == null || sdId.length() > 32 || !SD_ID.matcher(sdId).matches()) {
            throw new IllegalArgumentException("the structured-data id must be name@<enterprise number>, at most "
                    + "32 printable characters without '=', ']', '\"' or space");
        }
        this.sdId = sdId;
    }

    /** One RFC 5424 message (without framing), UTF-8. */
    public byte[] format(StoredEvent e) {
        StringBuilder sb = new StringBuilder(512);
        sb.append('<').append(FACILITY_LOG_AUDIT * 8 + severity(e.result())).append(">1 ")
                .append(e.createdAt() == null ? "-" : e.createdAt()).append(' ')
                .append(hostname).append(' ')
                .append(APP_NAME).append(' ')
                .append(procId).append(' ')
                .append(e.operation() != null && MSG_ID.matcher(e.operation()).matches() ? e.operation() : "-")
                .append(' ');
        sb.append('[').append(sdId);
        param(sb, "eventId", e.eventId());
        param(sb, "chain", e.chain());
        param(sb, "seq", Long.toString(e.seq()));
        param(sb, "hash", e.hash());
        sb.append("] ");
        sb.append(EventJson.event(e));
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The events as consecutive octet-counted frames, ready to write to the stream. */
    public byte[] frames(List<StoredEvent> events) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(600 * events.size());
        for (StoredEvent e : events) {
            out.writeBytes(frame(format(e)));
        }
        return out.toByteArray();
    }

    /** RFC 6587 octet counting: the message's length in octets, a space, the message. */
    public static byte[] frame(byte[] message) {
        byte[] prefix = (message.length + " ").getBytes(StandardCharsets.US_ASCII);
        byte[] framed = new byte[prefix.length + message.length];
        System.arraycopy(prefix, 0, framed, 0, prefix.length);
        System.arraycopy(message, 0, framed, prefix.length, message.length);
        return framed;
    }

    static int severity(String result) {
        return switch (result == null ? "" : result) {
            case "success" -> 6;
            case "denied" -> 4;
            default -> 3;
        };
    }

    /** A header field: printable ASCII only, at most {@code max} characters, NILVALUE when empty. */
    private static String header(String value, int max) {
        if (value == null) {
            return "-";
        }
        StringBuilder sb = new StringBuilder(Math.min(value.length(), max));
        for (int i = 0; i < value.length() && sb.length() < max; i++) {
            char c = value.charAt(i);
            if (c >= 0x21 && c <= 0x7e) {
                sb.append(c);
            }
        }
        return sb.isEmpty() ? "-" : sb.toString();
    }

    private static void param(StringBuilder sb, String name, String value) {
        sb.append(' ').append(name).append("=\"");
        String v = value == null ? "" : value;
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == '"' || c == '\\' || c == ']') {
                sb.append('\\');
            }
            sb.append(c);
        }
        sb.append('"');
    }
}
