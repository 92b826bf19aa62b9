package sh.velocity.auth.domain.jwt;

import java.time.Instant;

/**
 * An access token whose signature, type, issuer, audience and times were all checked. Carries what
 * the caller needs next: the principal, and the {@code jti} and {@code family} to look up in the
 * revocation list, which this pure check cannot consult.
 */
public record VerifiedAccessToken(String subject, String jti, String family, Instant expiresAt, Instant issuedAt)
        implements VerificationResult {
}
