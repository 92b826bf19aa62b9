package sh.velocity.auth.domain.jwt;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * What an access token says: who ({@code subject}), issued by whom for whom ({@code issuer},
 * {@code audience}), under which refresh-token family ({@code familyId}, so that revoking a family
 * reaches its access tokens too), for how long, and by whose clock.
 *
 * <p>Access tokens are bearer credentials that are not looked up on each use, so their lifetime is
 * what bounds the damage of a leaked one: it is at least one second (JWT times are whole seconds)
 * and at most {@link #MAX_TIME_TO_LIVE}.
 *
 * @param timeToLive from issue to expiry; {@link #DEFAULT_TIME_TO_LIVE} through {@link #of}
 */
public record AccessTokenRequest(
        String subject, String issuer, String audience, String familyId, Duration timeToLive, Clock clock) {

    public static final Duration DEFAULT_TIME_TO_LIVE = Duration.ofMinutes(15);
    public static final Duration MAX_TIME_TO_LIVE = Duration.ofHours(1);

    public AccessTokenRequest {
        requireText(subject, "subject");
        requireText(issuer, "issuer");
        requireText(audience, "audience");
        requireText(familyId, "familyId");
        Objects.requireNonNull(clock, "clock");
        if (timeToLive == null || timeToLive.compareTo(Duration.ofSeconds(1)) < 0
                || timeToLive.compareTo(MAX_TIME_TO_LIVE) > 0) {
            throw new IllegalArgumentException("access token time-to-live must be between 1 s and " + MAX_TIME_TO_LIVE);
        }
    }

    /** A request for a token that lives {@link #DEFAULT_TIME_TO_LIVE}. */
    public static AccessTokenRequest of(String subject, String issuer, String audience, String familyId, Clock clock) {
        return new AccessTokenRequest(subject, issuer, audience, familyId, DEFAULT_TIME_TO_LIVE, clock);
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("access token " + name + " is missing");
        }
    }
}
