package sh.velocity.audit.domain.drain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Random;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/** Retries back off exponentially, with jitter, up to a cap, and never sooner than the receiver asked. */
class BackoffTest {

    private static final Duration INITIAL = Duration.ofMillis(500);
    private static final Duration MAX = Duration.ofMinutes(5);

    @Test
    void theDelayDoublesPerFailureWithinHalfToAllOfItsCeilingUpToTheCap() {
        Backoff backoff = new Backoff(INITIAL, MAX, new Random(7));
        for (int failures = 1; failures <= 40; failures++) {
            long ceiling = Math.min(MAX.toMillis(), INITIAL.toMillis() << Math.min(failures - 1, 20));
            for (int i = 0; i < 200; i++) {
                long d = backoff.delay(failures, Optional.empty()).toMillis();
                assertTrue(d >= ceiling / 2 && d <= ceiling, "failure " + failures + ": " + d + " ms");
            }
        }
    }

    @Test
    void jitterSpreadsTheDelays() {
        Backoff backoff = new Backoff(INITIAL, MAX, new Random(11));
        long distinct = java.util.stream.IntStream.range(0, 50)
                .mapToLong(i -> backoff.delay(5, Optional.empty()).toMillis()).distinct().count();
        assertTrue(distinct > 25, "only " + distinct + " distinct delays out of 50");
    }

    @Test
    void retryAfterIsAFloorCappedAtAnHour() {
        RandomGenerator lowest = new Random() {
            @Override
            public long nextLong(long bound) {
                return 0;
            }
        };
        Backoff backoff = new Backoff(INITIAL, MAX, lowest);
        assertEquals(Duration.ofSeconds(3), backoff.delay(1, Optional.of(Duration.ofSeconds(3))));
        assertEquals(Duration.ofMillis(250), backoff.delay(1, Optional.of(Duration.ofMillis(10))), "backoff wins when longer");
        assertEquals(Backoff.MAX_RETRY_AFTER, backoff.delay(1, Optional.of(Duration.ofDays(2))));
    }

    @Test
    void retryAfterIsReadAsSecondsOrAsAnHttpDate() {
        Instant now = Instant.parse("2026-11-22T09:00:00Z");
        assertEquals(Optional.of(Duration.ofSeconds(120)), Backoff.parseRetryAfter(" 120 ", now));
        assertEquals(Optional.of(Duration.ofSeconds(30)),
                Backoff.parseRetryAfter("Sun, 22 Nov 2026 09:00:30 GMT", now));
        assertEquals(Optional.of(Duration.ZERO), Backoff.parseRetryAfter("Sun, 22 Nov 2026 08:00:00 GMT", now));
        assertEquals(Optional.of(Backoff.MAX_RETRY_AFTER), Backoff.parseRetryAfter("99999999999999", now));
        assertEquals(Optional.empty(), Backoff.parseRetryAfter("soon", now));
        assertEquals(Optional.empty(), Backoff.parseRetryAfter("-5", now));
        assertEquals(Optional.empty(), Backoff.parseRetryAfter(null, now));
    }
}
