package sh.velocity.audit.domain;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Renders {@code created_at} exactly as {@code platform.audit_timestamp} does
 * ({@code to_char(ts AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')}), but in Java, from
 * PostgreSQL's own ISO text of the same UTC value ({@code (created_at AT TIME ZONE 'UTC')::text}).
 * Calling that SQL function once per row was most of a verification's time: a function with its
 * own {@code search_path} is never inlined, so each call paid a full function-call and
 * configuration round of its own.
 *
 * <p>The ISO text ({@code DateStyle} ISO, which PgJDBC insists on) is
 * {@code Y…Y-MM-DD HH:MI:SS[.f…][ BC]}: the year at least four digits, zero-padded; the fraction one
 * to six digits without trailing zeros, absent on a whole second; {@code " BC"} after years before 1.
 * {@code to_char} writes the same year digits ({@code YYYY} drops the era), always six fraction
 * digits, and {@code NULL} for {@code infinity} and {@code -infinity}. Any other shape is refused
 * rather than guessed at: a wrong rendering would report intact events as tampered.
 */
public final class AuditTimestamp {

    private static final byte[] INFINITY = "infinity".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] MINUS_INFINITY = "-infinity".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] BC = " BC".getBytes(StandardCharsets.US_ASCII);
    private static final int TIME_LENGTH = 8;
    private static final int FRACTION_DIGITS = 6;

    private AuditTimestamp() {
    }

    /** The rendered UTF-8 text, {@code null} where {@code to_char} gives NULL (infinite timestamps). */
    public static byte[] render(byte[] iso) {
        if (Arrays.equals(iso, INFINITY) || Arrays.equals(iso, MINUS_INFINITY)) {
            return null;
        }
        int space = indexOf(iso, (byte) ' ');
        int time = space + 1;
        int end = time + TIME_LENGTH;
        if (space < 10 || iso[space - 3] != '-' || iso[space - 6] != '-' || !digits(iso, 0, space - 6)
                || !digits(iso, space - 5, space - 3) || !digits(iso, space - 2, space) || end > iso.length
                || iso[time + 2] != ':' || iso[time + 5] != ':' || !digits(iso, time, time + 2)
                || !digits(iso, time + 3, time + 5) || !digits(iso, time + 6, end)) {
            throw refused(iso);
        }
        int fraction = end;
        int fractionEnd = end;
        if (end < iso.length && iso[end] == '.') {
            fraction = end + 1;
            fractionEnd = fraction;
            while (fractionEnd < iso.length && iso[fractionEnd] >= '0' && iso[fractionEnd] <= '9') {
                fractionEnd++;
            }
            if (fractionEnd == fraction || fractionEnd - fraction > FRACTION_DIGITS) {
                throw refused(iso);
            }
        }
        if (fractionEnd != iso.length && !(iso.length - fractionEnd == BC.length
                && Arrays.equals(iso, fractionEnd, iso.length, BC, 0, BC.length))) {
            throw refused(iso);
        }
        byte[] out = new byte[end + 1 + FRACTION_DIGITS + 1];
        System.arraycopy(iso, 0, out, 0, end);
        out[space] = 'T';
        out[end] = '.';
        int digits = fractionEnd - fraction;
        System.arraycopy(iso, fraction, out, end + 1, digits);
        Arrays.fill(out, end + 1 + digits, end + 1 + FRACTION_DIGITS, (byte) '0');
        out[out.length - 1] = 'Z';
        return out;
    }

    /** {@link #render(byte[])} for text in hand. */
    public static String render(String iso) {
        byte[] out = render(iso.getBytes(StandardCharsets.US_ASCII));
        return out == null ? null : new String(out, StandardCharsets.US_ASCII);
    }

    private static int indexOf(byte[] b, byte c) {
        for (int i = 0; i < b.length; i++) {
            if (b[i] == c) {
                return i;
            }
        }
        return -1;
    }

    private static boolean digits(byte[] b, int from, int to) {
        if (from >= to) {
            return false;
        }
        for (int i = from; i < to; i++) {
            if (b[i] < '0' || b[i] > '9') {
                return false;
            }
        }
        return true;
    }

    private static IllegalArgumentException refused(byte[] iso) {
        return new IllegalArgumentException("not PostgreSQL's ISO text of a timestamp: "
                + new String(iso, StandardCharsets.UTF_8));
    }
}
