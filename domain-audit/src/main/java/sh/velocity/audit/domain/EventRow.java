package sh.velocity.audit.domain;

import java.nio.charset.StandardCharsets;

/**
 * One stored event as the UTF-8 bytes the database sent: what verifying a long chain works on,
 * instead of turning every column of every row into a {@link String} and back into bytes. The
 * chain is not a component: all rows of one verification share it. {@code createdAt} is already
 * rendered the way the chain hashed it ({@link AuditTimestamp}); {@code prevHash} and {@code hash}
 * are the stored hex digits. A {@code null} array is SQL {@code NULL}. The arrays belong to the row:
 * nobody changes them once it is built.
 */
public record EventRow(long seq, byte[] actor, byte[] operation, byte[] resource, byte[] result, byte[] failMode,
                       byte[] requestId, byte[] sourceIp, byte[] createdAt, byte[] payload, byte[] prevHash,
                       byte[] hash) {

    /** The same event as bytes, for tests and for callers holding strings. */
    public static EventRow of(StoredEvent e) {
        return new EventRow(e.seq(), utf8(e.actor()), utf8(e.operation()), utf8(e.resource()), utf8(e.result()),
                utf8(e.failMode()), utf8(e.requestId()), utf8(e.sourceIp()), utf8(e.createdAt()), utf8(e.payload()),
                utf8(e.prevHash()), utf8(e.hash()));
    }

    /** The event as strings (what the export and the drains write), for the chain it was read from. */
    public StoredEvent toStored(String chain) {
        return new StoredEvent(chain, seq, text(actor), text(operation), text(resource), text(result), text(failMode),
                text(requestId), text(sourceIp), text(createdAt), text(payload), text(prevHash), text(hash));
    }

    private static String text(byte[] b) {
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }

    private static byte[] utf8(String s) {
        return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
    }
}
