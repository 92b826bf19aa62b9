package sh.velocity.audit.domain;

import java.nio.charset.StandardCharsets;
import java.security.DigestException;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * {@link CanonicalEvent#hash} for rows read as bytes ({@link EventRow}): the same canonical
 * encoding, written straight into one reused buffer and fed to one reused {@link MessageDigest},
 * so verifying a million events allocates next to nothing per event. Length prefixes count the
 * octets of each field as the database sent them, which is what {@code octet_length} counts.
 *
 * <p>One instance per chain and per thread: the returned hex digits live in a buffer the next call
 * overwrites.
 */
public final class CanonicalHasher {

    private static final byte[] PREFIX = "velocity-audit-v1;".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NULL_FIELD = "-;".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] HEX_DIGITS = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final int HASH_BYTES = 32;
    private static final int MAX_DECIMAL = 20;

    private final MessageDigest sha = CanonicalEvent.sha256();
    private final byte[] chainField;
    private final byte[] prev = new byte[HASH_BYTES];
    private final byte[] digest = new byte[HASH_BYTES];
    private final byte[] hex = new byte[2 * HASH_BYTES];
    private byte[] buf = new byte[1024];
    private int at;

    public CanonicalHasher(String chain) {
        field(chain.getBytes(StandardCharsets.UTF_8));
        chainField = Arrays.copyOf(buf, at);
    }

    /**
     * The lowercase hex hash the event must carry given its stored {@code prev_hash}, in a buffer
     * the next call overwrites; {@code null} when {@code prev_hash} is not 64 hex digits (no hash
     * can then match).
     */
    public byte[] hexHash(EventRow e) {
        if (!unhex(e.prevHash(), prev)) {
            return null;
        }
        at = 0;
        put(PREFIX);
        put(chainField);
        decimalField(e.seq());
        field(e.actor());
        field(e.operation());
        field(e.resource());
        field(e.result());
        field(e.failMode());
        field(e.requestId());
        field(e.sourceIp());
        field(e.createdAt());
        field(e.payload());
        sha.update(prev);
        sha.update(buf, 0, at);
        try {
            sha.digest(digest, 0, HASH_BYTES);
        } catch (DigestException impossible) {
            throw new IllegalStateException("SHA-256 digests are 32 bytes", impossible);
        }
        for (int i = 0; i < HASH_BYTES; i++) {
            hex[2 * i] = HEX_DIGITS[(digest[i] >> 4) & 0xf];
            hex[2 * i + 1] = HEX_DIGITS[digest[i] & 0xf];
        }
        return hex;
    }

    /** Decodes 64 hex digits (either case, as {@code decode(…, 'hex')} accepts) into {@code out}. */
    static boolean unhex(byte[] digits, byte[] out) {
        if (digits == null || digits.length != 2 * out.length) {
            return false;
        }
        for (int i = 0; i < out.length; i++) {
            int hi = Character.digit(digits[2 * i], 16);
            int lo = Character.digit(digits[2 * i + 1], 16);
            if (hi < 0 || lo < 0) {
                return false;
            }
            out[i] = (byte) (hi << 4 | lo);
        }
        return true;
    }

    private void field(byte[] v) {
        if (v == null) {
            put(NULL_FIELD);
            return;
        }
        room(MAX_DECIMAL + 2 + v.length);
        decimal(v.length);
        buf[at++] = ':';
        System.arraycopy(v, 0, buf, at, v.length);
        at += v.length;
        buf[at++] = ';';
    }

    private void decimalField(long v) {
        room(2 * MAX_DECIMAL + 2);
        int start = at;
        decimal(v);
        int length = at - start;
        at = start;
        decimal(length);
        buf[at++] = ':';
        decimal(v);
        buf[at++] = ';';
    }

    /** Writes {@code v} in decimal, as {@code bigint::text} does. */
    private void decimal(long v) {
        if (v < 0) {
            if (v == Long.MIN_VALUE) {
                put("-9223372036854775808".getBytes(StandardCharsets.US_ASCII));
                return;
            }
            buf[at++] = '-';
            v = -v;
        }
        int end = at + digitCount(v);
        for (int i = end - 1; i >= at; i--) {
            buf[i] = (byte) ('0' + v % 10);
            v /= 10;
        }
        at = end;
    }

    private static int digitCount(long v) {
        int n = 1;
        while (v >= 10) {
            v /= 10;
            n++;
        }
        return n;
    }

    private void put(byte[] b) {
        room(b.length);
        System.arraycopy(b, 0, buf, at, b.length);
        at += b.length;
    }

    private void room(int n) {
        if (at + n > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(2 * buf.length, at + n));
        }
    }
}
