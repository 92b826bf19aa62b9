package sh.velocity.auth.domain;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A credential lifetime written as {@code 90d}, {@code 12h} or {@code 30m}. Bounded to one year:
 * a key that never expires is not offered.
 */
public final class TimeToLive {

    public static final Duration MAX = Duration.ofDays(366);
    private static final Pattern FORMAT = Pattern.compile("([1-9][0-9]{0,5})([dhm])");

    private TimeToLive() {
    }

    public static Duration parse(String text) {
        Matcher m = FORMAT.matcher(text == null ? "" : text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("ttl must look like 30d, 12h or 45m");
        }
        long n = Long.parseLong(m.group(1));
        Duration d = switch (m.group(2)) {
            case "d" -> Duration.ofDays(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofMinutes(n);
        };
        if (d.compareTo(MAX) > 0) {
            throw new IllegalArgumentException("ttl must be at most 366d");
        }
        return d;
    }
}
