package sh.velocity.auth.api;

/**
 * Where the authentication mechanism leaves its verdict on the servlet request, for the web layer
 * that refuses unauthenticated calls and audits the refusal.
 */
public final class AuthenticationOutcome {

    /** The verified principal's name. */
    public static final String PRINCIPAL_ATTRIBUTE = "sh.velocity.auth.principal";
    /** Why a presented credential was refused (for the audit log only). */
    public static final String FAILURE_ATTRIBUTE = "sh.velocity.auth.failure";
    /** Set when the revocation list could not be consulted: 503 REVOCATION_UNAVAILABLE, audited. */
    public static final String REVOCATION_UNAVAILABLE_ATTRIBUTE = "sh.velocity.auth.revocation-unavailable";
    /** Set when the credential store could not be consulted: the request must fail closed. */
    public static final String UNAVAILABLE_ATTRIBUTE = "sh.velocity.auth.unavailable";

    private AuthenticationOutcome() {
    }
}
