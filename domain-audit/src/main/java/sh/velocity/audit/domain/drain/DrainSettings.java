package sh.velocity.audit.domain.drain;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What every drain is configured with, whatever its transport: its name (the cursor's and the
 * metrics' key), how many events go in one delivery, how often a pass runs, how long one delivery
 * may take, and which chains it ships (every chain when {@code chainPrefixes} is empty).
 */
public record DrainSettings(String name, int batchSize, Duration interval, Duration timeout,
                            List<String> chainPrefixes) {

    public static final int MAX_BATCH_SIZE = 1000;
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,62}");
    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(ms|s|m|h)?");

    public DrainSettings {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("a drain name is [a-z][a-z0-9-]{0,62}");
        }
        if (batchSize < 1 || batchSize > MAX_BATCH_SIZE) {
            throw new IllegalArgumentException("batch-size must be 1 to " + MAX_BATCH_SIZE + ", not " + batchSize);
        }
        if (interval.compareTo(Duration.ofMillis(100)) < 0 || interval.compareTo(Duration.ofHours(1)) > 0) {
            throw new IllegalArgumentException("interval must be 100ms to 1h, not " + interval);
        }
        if (timeout.compareTo(Duration.ofMillis(100)) < 0 || timeout.compareTo(Duration.ofSeconds(60)) > 0) {
            throw new IllegalArgumentException("timeout must be 100ms to 60s, not " + timeout);
        }
        chainPrefixes = chainPrefixes.stream().map(String::trim).filter(p -> !p.isEmpty()).toList();
    }

    /** Whether events of this chain go through the drain: every chain, or those starting with a prefix. */
    public boolean includes(String chain) {
        return chainPrefixes.isEmpty() || chainPrefixes.stream().anyMatch(chain::startsWith);
    }

    /**
     * A duration as the settings write it: {@code 750ms}, {@code 5s}, {@code 2m}, {@code 1h}, or a
     * bare number of seconds.
     */
    public static Duration parseDuration(String text) {
        Matcher m = DURATION.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("not a duration (750ms, 5s, 2m, 1h): '" + text + "'");
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        return switch (unit) {
            case "ms" -> Duration.ofMillis(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofSeconds(n);
        };
    }
}
