package sh.velocity.audit.domain.drain;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * How long a drain waits before it sends a failed batch again: exponential (initial, doubled per
 * consecutive failure, capped) with jitter, so that replicas and drains that failed together do not
 * retry together; never sooner than the destination asked with {@code Retry-After}.
 *
 * <p>The jitter is "equal jitter": half of the exponential delay is fixed and half random, so the
 * delay still grows with every failure while no two waiters keep the same rhythm.
 */
public final class Backoff {

    /** The longest a {@code Retry-After} is honoured: a receiver cannot park a drain for a day. */
    public static final Duration MAX_RETRY_AFTER = Duration.ofHours(1);

    private final Duration initial;
    private final Duration max;
    private final RandomGenerator random;

    public Backoff(Duration initial, Duration max, RandomGenerator random) {
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("need 0 < initial <= max");
        }
        this.initial = initial;
        this.max = max;
        this.random = random;
    }

    /**
     * The wait after the {@code failures}-th consecutive failure (1 for the first), at least the
     * {@code retryAfter} the destination sent (capped at {@link #MAX_RETRY_AFTER}).
     */
    public Duration delay(int failures, Optional<Duration> retryAfter) {
        if (failures < 1) {
            throw new IllegalArgumentException("failures counts from 1");
        }
        long ceiling = initial.toMillis();
        for (int i = 1; i < failures && ceiling < max.toMillis(); i++) {
            ceiling *= 2;
        }
        ceiling = Math.min(ceiling, max.toMillis());
        long half = ceiling / 2;
        Duration delay = Duration.ofMillis(ceiling - half + random.nextLong(half + 1));
        Duration asked = retryAfter.filter(d -> !d.isNegative()).map(d -> d.compareTo(MAX_RETRY_AFTER) > 0
                ? MAX_RETRY_AFTER : d).orElse(Duration.ZERO);
        return asked.compareTo(delay) > 0 ? asked : delay;
    }

    /**
     * An HTTP {@code Retry-After} value (RFC 9110 §10.2.3): delay-seconds or an HTTP-date. Empty when
     * absent or unreadable (then the backoff alone decides); a date in the past is zero.
     */
    public static Optional<Duration> parseRetryAfter(String value, Instant now) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        String v = value.trim();
        if (v.chars().allMatch(Character::isDigit)) {
            return v.length() > 9 ? Optional.of(MAX_RETRY_AFTER) : Optional.of(Duration.ofSeconds(Long.parseLong(v)));
        }
        try {
            Duration d = Duration.between(now, ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
            return Optional.of(d.isNegative() ? Duration.ZERO : d);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
