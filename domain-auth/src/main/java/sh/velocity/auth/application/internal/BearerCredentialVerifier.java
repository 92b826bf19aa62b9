package sh.velocity.auth.application.internal;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import sh.velocity.auth.api.Authentication;
import sh.velocity.auth.api.CredentialVerifier;

/**
 * The one verifier {@link BearerHeaderAuthenticator} asks: an API key ({@code vel_…}) goes to
 * {@link ApiKeyCredentialVerifier}, a JWT (three dot-separated parts) to
 * {@link JwtCredentialVerifier}; anything else is refused without a lookup.
 */
@ApplicationScoped
public class BearerCredentialVerifier implements CredentialVerifier {

    @Inject
    ApiKeyCredentialVerifier apiKeys;

    @Inject
    JwtCredentialVerifier tokens;

    @Override
    public Authentication verify(String bearer) {
        if (bearer.startsWith("vel_")) {
            return apiKeys.verify(bearer);
        }
        if (bearer.chars().filter(ch -> ch == '.').count() == 2) {
            return tokens.verify(bearer);
        }
        return Authentication.refused("malformed credential");
    }
}
