package sh.velocity.auth.application.internal;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;
import sh.velocity.auth.api.Authentication;
import sh.velocity.auth.api.CredentialVerifier;
import sh.velocity.auth.domain.RevocationList;

/**
 * Verifies access tokens: signature with one of our keys (by {@code kid}), ES256 only, {@code typ},
 * {@code iss}, {@code aud}, {@code exp}/{@code nbf} (with a small skew), then the revocation list
 * for the token's id and its session family. If the list cannot answer, the token is
 * unverifiable and the request is refused (fail closed).
 */
@ApplicationScoped
@Typed(JwtCredentialVerifier.class)
public class JwtCredentialVerifier implements CredentialVerifier {

    static final String TOKEN_REVOCATION_KIND = "jwt";

    @Inject
    Credentials credentials;

    @Inject
    RevocationList revocations;

    @Override
    public Authentication verify(String bearer) {
        Credentials.TokenCheck check = credentials.checkAccessToken(bearer);
        if (check.token() == null) {
            return Authentication.refused("token refused: " + check.failure());
        }
        Credentials.VerifiedToken token = check.token();
        try {
            int revoked = revocations.firstRevoked(DefaultSessions.FAMILY_REVOCATION_KIND, token.family(),
                    TOKEN_REVOCATION_KIND, token.id());
            if (revoked == 0) {
                return Authentication.refused("token of revoked session " + token.family());
            }
            if (revoked == 1) {
                return Authentication.refused("revoked token " + token.id());
            }
        } catch (RevocationList.Unavailable e) {
            return Authentication.unverifiable(e.getMessage());
        }
        return Authentication.success(token.subject());
    }
}
