package sh.velocity.auth.domain.jwt;

/**
 * What {@link AccessTokenVerifier#verify} found: a {@link VerifiedAccessToken} or a {@link Refusal}.
 * Sealed, so a caller's {@code switch} must handle the refusal.
 */
public sealed interface VerificationResult permits VerifiedAccessToken, Refusal {
}
