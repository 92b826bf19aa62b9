package sh.velocity.auth.api;

import java.util.Objects;

/**
 * What a request's {@code Authorization} header establishes, for the web layer, which refuses
 * unauthenticated calls and audits the refusal. {@code principal} is set for
 * {@link Verdict#AUTHENTICATED} only; {@code reason} says why a credential was refused or could not
 * be checked, for the audit log and the server log only (the client only ever learns the verdict).
 */
public record AuthenticationOutcome(Verdict verdict, String principal, String reason) {

    public enum Verdict {
        /** No {@code Authorization} header at all. */
        NO_CREDENTIAL,
        AUTHENTICATED,
        /** A credential was presented and refused: malformed, unknown, revoked, expired. */
        REFUSED,
        /** The revocation list could not be consulted: 503 REVOCATION_UNAVAILABLE, audited (fail closed). */
        REVOCATION_UNAVAILABLE,
        /** The credential store could not be consulted: 503 CREDENTIAL_STORE_UNAVAILABLE (fail closed). */
        CREDENTIAL_STORE_UNAVAILABLE
    }

    public AuthenticationOutcome {
        Objects.requireNonNull(verdict, "verdict");
        if ((verdict == Verdict.AUTHENTICATED) != (principal != null)) {
            throw new IllegalArgumentException("a principal comes with AUTHENTICATED, and only with it");
        }
    }

    public static AuthenticationOutcome noCredential() {
        return new AuthenticationOutcome(Verdict.NO_CREDENTIAL, null, null);
    }

    public static AuthenticationOutcome authenticated(String principal) {
        return new AuthenticationOutcome(Verdict.AUTHENTICATED, principal, null);
    }

    public static AuthenticationOutcome refused(String reason) {
        return new AuthenticationOutcome(Verdict.REFUSED, null, reason);
    }

    public static AuthenticationOutcome revocationUnavailable(String reason) {
        return new AuthenticationOutcome(Verdict.REVOCATION_UNAVAILABLE, null, reason);
    }

    public static AuthenticationOutcome credentialStoreUnavailable(String reason) {
        return new AuthenticationOutcome(Verdict.CREDENTIAL_STORE_UNAVAILABLE, null, reason);
    }
}
