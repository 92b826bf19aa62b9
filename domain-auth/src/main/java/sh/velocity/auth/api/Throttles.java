package sh.velocity.auth.api;

import java.time.Duration;
import java.util.Optional;

/**
 * Lockout and rate limits, shared by every replica. Failed authentications are counted per source
 * address; past the threshold within the window the source is locked out for a while (a success
 * resets the count); the lockout applies to every API request from that source. Every
 * authenticated request spends a token from its credential's bucket and its source's bucket.
 * Sources are TCP peer addresses (behind a proxy, one shared lockout and bucket). When the store
 * cannot answer, {@link Unavailable} is thrown and the request is refused.
 */
public interface Throttles {

    /** How long the source stays locked out, or empty when it is not. */
    Optional<Duration> lockedOut(String sourceIp) throws Unavailable;

    /** Counts a failed authentication; true when this failure locked the source out. */
    boolean recordFailure(String sourceIp) throws Unavailable;

    void recordSuccess(String sourceIp) throws Unavailable;

    /** Empty when the request may pass; else how long until the next one may. */
    Optional<Duration> rateLimit(String principal, String sourceIp) throws Unavailable;

    /** The lockout and rate-limit store cannot be reached. */
    final class Unavailable extends Exception {

        private static final long serialVersionUID = 1L;

        public Unavailable(String message) {
            super(message, null, false, false);
        }
    }
}
