package sh.velocity.auth.domain.jwt;

import com.nimbusds.jwt.JWTClaimsSet;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

/**
 * The claim checks of {@link AccessTokenVerifier}, run only once the signature holds. Times follow
 * RFC 7519 widened by the allowed skew on each side: a token is live while {@code now < exp + skew},
 * and neither {@code nbf} nor {@code iat} may lie more than the skew ahead of {@code now}.
 * {@code nbf} may be absent (it is optional in RFC 7519); {@code iat} may not, since the verified
 * token reports it.
 */
final class AccessTokenClaimRules {

    private final String expectedIssuer;
    private final String expectedAudience;
    private final Duration skew;

    AccessTokenClaimRules(String expectedIssuer, String expectedAudience, Duration skew) {
        this.expectedIssuer = expectedIssuer;
        this.expectedAudience = expectedAudience;
        this.skew = skew;
    }

    VerificationResult check(JWTClaimsSet claims, Instant now) {
        if (!expectedIssuer.equals(claims.getIssuer())) {
            return RefusalReason.WRONG_ISSUER.refusal();
        }
        if (!claims.getAudience().contains(expectedAudience)) {
            return RefusalReason.WRONG_AUDIENCE.refusal();
        }
        Instant expiresAt = instant(claims.getExpirationTime());
        if (expiresAt == null) {
            return RefusalReason.MISSING_EXPIRY.refusal();
        }
        if (!now.isBefore(expiresAt.plus(skew))) {
            return RefusalReason.EXPIRED.refusal();
        }
        Instant latestAcceptable = now.plus(skew);
        Instant notBefore = instant(claims.getNotBeforeTime());
        if (notBefore != null && notBefore.isAfter(latestAcceptable)) {
            return RefusalReason.NOT_YET_VALID.refusal();
        }
        Instant issuedAt = instant(claims.getIssueTime());
        if (issuedAt == null) {
            return RefusalReason.MISSING_ISSUED_AT.refusal();
        }
        if (issuedAt.isAfter(latestAcceptable)) {
            return RefusalReason.ISSUED_IN_FUTURE.refusal();
        }
        String jti = text(claims.getClaim("jti"));
        if (jti == null) {
            return RefusalReason.MISSING_JTI.refusal();
        }
        String subject = text(claims.getClaim("sub"));
        if (subject == null) {
            return RefusalReason.MISSING_SUBJECT.refusal();
        }
        String family = text(claims.getClaim(AccessTokenIssuer.FAMILY_CLAIM));
        if (family == null) {
            return RefusalReason.MISSING_FAMILY.refusal();
        }
        return new VerifiedAccessToken(subject, jti, family, expiresAt, issuedAt);
    }

    private static Instant instant(Date date) {
        return date == null ? null : date.toInstant();
    }

    private static String text(Object claim) {
        return claim instanceof String s && !s.isBlank() ? s : null;
    }
}
