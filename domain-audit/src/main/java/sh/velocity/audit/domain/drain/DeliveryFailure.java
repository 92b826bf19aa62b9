package sh.velocity.audit.domain.drain;

import java.time.Duration;
import java.util.Optional;

/**
 * A batch the destination did not take. The message says why in words safe to log (a status code,
 * a network error; never a secret or an event's content). {@code retryAfter} is the destination's own
 * request to wait (HTTP {@code Retry-After}); {@code tooLarge} asks for smaller batches (HTTP 413).
 */
public final class DeliveryFailure extends Exception {

    private static final long serialVersionUID = 1L;

    private final transient Duration retryAfter;
    private final boolean tooLarge;

    public DeliveryFailure(String message, Duration retryAfter, boolean tooLarge) {
        super(message, null, false, false);
        this.retryAfter = retryAfter;
        this.tooLarge = tooLarge;
    }

    public static DeliveryFailure of(String message) {
        return new DeliveryFailure(message, null, false);
    }

    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    public boolean tooLarge() {
        return tooLarge;
    }
}
