package sh.velocity.auth.interfaces.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.authentication.mechanism.http.HttpAuthenticationMechanism;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.security.enterprise.CallerPrincipal;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import sh.velocity.auth.api.Authentication;
import sh.velocity.auth.api.AuthenticationOutcome;
import sh.velocity.auth.api.CredentialVerifier;

/**
 * Reads {@code Authorization: Bearer …} and, when the credential verifies, tells the container
 * who the caller is. It never answers the request itself: the outcome is left in request
 * attributes ({@link AuthenticationOutcome}) for the web layer, which
 * refuses unauthenticated API calls with 401 and audits the refusal.
 */
@ApplicationScoped
public class BearerAuthenticationMechanism implements HttpAuthenticationMechanism {

    private static final String PRINCIPAL_ATTRIBUTE = AuthenticationOutcome.PRINCIPAL_ATTRIBUTE;
    private static final String FAILURE_ATTRIBUTE = AuthenticationOutcome.FAILURE_ATTRIBUTE;
    private static final String UNAVAILABLE_ATTRIBUTE = AuthenticationOutcome.UNAVAILABLE_ATTRIBUTE;

    private static final Logger LOG = Logger.getLogger(BearerAuthenticationMechanism.class.getName());
    private static final String BEARER = "bearer ";
    private static final int MAX_CREDENTIAL_LENGTH = 8192;

    @Inject
    CredentialVerifier verifier;

    @Override
    public AuthenticationStatus validateRequest(HttpServletRequest request, HttpServletResponse response,
                                                HttpMessageContext context) {
        String header = request.getHeader("Authorization");
        if (header == null) {
            return context.doNothing();
        }
        if (header.length() > MAX_CREDENTIAL_LENGTH || header.length() < BEARER.length()
                || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            request.setAttribute(FAILURE_ATTRIBUTE, "not a bearer credential");
            return context.doNothing();
        }
        Authentication outcome;
        try {
            outcome = verifier.verify(header.substring(BEARER.length()).trim());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "credential verification unavailable: {0}", e.getClass().getSimpleName());
            request.setAttribute(UNAVAILABLE_ATTRIBUTE, Boolean.TRUE);
            return context.doNothing();
        }
        if (outcome.revocationUnavailable() != null) {
            request.setAttribute(AuthenticationOutcome.REVOCATION_UNAVAILABLE_ATTRIBUTE, outcome.revocationUnavailable());
            return context.doNothing();
        }
        if (outcome.principal().isEmpty()) {
            request.setAttribute(FAILURE_ATTRIBUTE, outcome.failure());
            return context.doNothing();
        }
        String principal = outcome.principal().get();
        request.setAttribute(PRINCIPAL_ATTRIBUTE, principal);
        return context.notifyContainerAboutLogin(new CallerPrincipal(principal), Set.of());
    }
}
