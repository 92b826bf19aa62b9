package sh.velocity.audit.domain.drain;

import java.util.List;
import sh.velocity.audit.domain.StoredEvent;

/**
 * The JSON form of an event as the drains ship it, one object per event with the fields in a fixed
 * order:
 *
 * <pre>
 * {"id":"&lt;chain&gt;:&lt;seq&gt;","chain":…,"seq":…,"actor":…,"operation":…,"resource":…,"result":…,
 *  "failMode":…,"requestId":…,"sourceIp":…,"timestamp":"YYYY-MM-DDTHH:MM:SS.ffffffZ","payload":{…},
 *  "prevHash":…,"hash":…}
 * </pre>
 *
 * {@code timestamp} is the text the chain hashed; {@code payload} is the stored (masked) JSON object.
 * The output is ASCII: every other character is written as a {@code \}{@code uXXXX} escape, inside
 * the payload too (where JSON allows non-ASCII only within strings, so the escape keeps its value).
 * That makes a syslog MSG plain ASCII and keeps byte counts equal to character counts.
 */
public final class EventJson {

    private EventJson() {
    }

    public static String event(StoredEvent e) {
        StringBuilder sb = new StringBuilder(320 + (e.payload() == null ? 2 : e.payload().length()));
        appendEvent(sb, e);
        return sb.toString();
    }

    /** The webhook's body: {@code {"events":[…]}}. */
    public static String batch(List<StoredEvent> events) {
        StringBuilder sb = new StringBuilder(512 * events.size() + 16);
        sb.append("{\"events\":[");
        for (int i = 0; i < events.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            appendEvent(sb, events.get(i));
        }
        return sb.append("]}").toString();
    }

    private static void appendEvent(StringBuilder sb, StoredEvent e) {
        sb.append('{');
        string(sb, "id", e.eventId()).append(',');
        string(sb, "chain", e.chain()).append(',');
        sb.append("\"seq\":").append(e.seq()).append(',');
        string(sb, "actor", e.actor()).append(',');
        string(sb, "operation", e.operation()).append(',');
        string(sb, "resource", e.resource()).append(',');
        string(sb, "result", e.result()).append(',');
        string(sb, "failMode", e.failMode()).append(',');
        string(sb, "requestId", e.requestId()).append(',');
        string(sb, "sourceIp", e.sourceIp()).append(',');
        string(sb, "timestamp", e.createdAt()).append(',');
        sb.append("\"payload\":");
        asciiJson(sb, e.payload() == null ? "{}" : e.payload());
        sb.append(',');
        string(sb, "prevHash", e.prevHash()).append(',');
        string(sb, "hash", e.hash());
        sb.append('}');
    }

    private static StringBuilder string(StringBuilder sb, String name, String value) {
        sb.append('"').append(name).append("\":");
        if (value == null) {
            return sb.append("null");
        }
        sb.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20 || c > 0x7e) {
                        unicodeEscape(sb, c);
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"');
    }

    /** Valid JSON text (PostgreSQL's jsonb output) with its non-ASCII characters escaped. */
    private static void asciiJson(StringBuilder sb, String json) {
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            if (c > 0x7e) {
                unicodeEscape(sb, c);
            } else {
                sb.append(c);
            }
        }
    }

    private static void unicodeEscape(StringBuilder sb, char c) {
        sb.append("\\u");
        String hex = Integer.toHexString(c);
        sb.append("0".repeat(4 - hex.length())).append(hex);
    }
}
