package sh.velocity.auth.api;

import java.time.Duration;
import java.util.Optional;

/**
 * Lockout and rate limits, shared by every replica. Failed authentications are counted per source
 * address; past the threshold within the window the source is locked out for a while, for every
 * API request. A verified credential resets the count. Every API request spends a token from its
 * source's bucket, and an authenticated one also from its credential's bucket, so floods of
 * anonymous requests are limited too. Sources are TCP peer addresses (behind a proxy, one shared
 * lockout and bucket). When the store cannot answer, {@link Unavailable} is thrown and the request
 * is refused.
 */
public interface Throttles {

    /**
     * One decision for one request, atomically: the source's lockout, then (for a verified
     * {@code principal}, else null) the credential's bucket, then the source's bucket.
     */
    Admission admit(String principal, String sourceIp) throws Unavailable;

    /** Counts a failed authentication; true when this failure locked the source out. */
    boolean recordFailure(String sourceIp) throws Unavailable;

    /**
     * How long the subject (a user, {@code user:<name>}) is still locked out after repeated failed
     * logins; empty when it is not.
     */
    Optional<Duration> subjectLockedOut(String subject) throws Unavailable;

    /** Counts a failed login of the subject; true when this failure locked it out. */
    boolean recordSubjectFailure(String subject) throws Unavailable;

    /** A successful login clears the subject's failure count. */
    void clearSubjectFailures(String subject) throws Unavailable;

    /**
     * The limits in force now. They are read from configuration again at most every few seconds,
     * so an operator can tighten them without a restart and the hardening checklist reports the
     * values actually enforced, not the ones a file says.
     */
    Settings settings();

    /** Locked out for {@code lockedOut}; or rate limited for {@code retryAfter}; or neither: pass. */
    record Admission(Optional<Duration> lockedOut, Optional<Duration> retryAfter) {
    }

    /**
     * Lockout: {@code lockoutAttempts} refused credentials within {@code lockoutWindowSeconds} lock
     * the source (or user) out for {@code lockoutSeconds}. Token buckets: capacity and refill per
     * second, per credential and per source address.
     */
    record Settings(int lockoutAttempts, int lockoutWindowSeconds, int lockoutSeconds, int credentialCapacity,
            int credentialPerSecond, int ipCapacity, int ipPerSecond) {
    }

    /** The lockout and rate-limit store cannot be reached. */
    final class Unavailable extends Exception {

        private static final long serialVersionUID = 1L;

        public Unavailable(String message) {
            super(message, null, false, false);
        }
    }
}
