package sh.velocity.auth.domain.jwt;

/**
 * A token {@link AccessTokenVerifier} did not accept. {@link #reason()} is a fixed code fit for the
 * audit log: it never contains the token or any value read from it, so a hostile token cannot write
 * into the log.
 */
public record Refusal(RefusalReason code) implements VerificationResult {

    /** The stable, short reason text, e.g. {@code alg_not_allowed}. */
    public String reason() {
        return code.text();
    }
}
