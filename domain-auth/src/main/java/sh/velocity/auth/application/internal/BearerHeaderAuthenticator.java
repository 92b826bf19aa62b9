package sh.velocity.auth.application.internal;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Objects;
import java.util.logging.Level;
import java.util.logging.Logger;
import sh.velocity.auth.api.Authentication;
import sh.velocity.auth.api.AuthenticationOutcome;
import sh.velocity.auth.api.BearerAuthenticator;
import sh.velocity.auth.api.CredentialVerifier;

/**
 * {@code Authorization: Bearer <credential>} (scheme case-insensitive, at most 8192 characters)
 * to the {@link CredentialVerifier}; any other header is refused without a lookup. A verifier that
 * throws could not tell, so the outcome is "credential store unavailable", never a principal.
 */
@ApplicationScoped
public class BearerHeaderAuthenticator implements BearerAuthenticator {

    private static final Logger LOG = Logger.getLogger(BearerHeaderAuthenticator.class.getName());
    private static final String BEARER = "bearer ";
    static final int MAX_HEADER_LENGTH = 8192;

    @Inject
    CredentialVerifier verifier;

    @Override
    public AuthenticationOutcome authenticate(String header) {
        if (header == null) {
            return AuthenticationOutcome.noCredential();
        }
        if (header.length() > MAX_HEADER_LENGTH || header.length() < BEARER.length()
                || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return AuthenticationOutcome.refused("not a bearer credential");
        }
        Authentication verified;
        try {
            verified = verifier.verify(header.substring(BEARER.length()).trim());
        } catch (RuntimeException e) {
            // the exception's message may quote what the store saw; its type is enough to act on
            LOG.log(Level.WARNING, "credential verification unavailable: {0}", e.getClass().getSimpleName());
            return AuthenticationOutcome.credentialStoreUnavailable(e.getClass().getSimpleName());
        }
        if (verified.revocationUnavailable() != null) {
            return AuthenticationOutcome.revocationUnavailable(verified.revocationUnavailable());
        }
        return verified.principal().map(AuthenticationOutcome::authenticated)
                .orElseGet(() -> AuthenticationOutcome.refused(
                        Objects.requireNonNullElse(verified.failure(), "credential refused")));
    }
}
