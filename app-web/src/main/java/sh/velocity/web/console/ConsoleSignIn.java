package sh.velocity.web.console;

import java.io.Serializable;
import java.time.Instant;
import sh.velocity.auth.api.Sessions.TokenPair;

/**
 * What a console session holds once its user signed in: the principal and the token pair of a
 * login, kept in the server-side HTTP session only. The tokens never reach the browser; the
 * access token is re-verified on every request (revocation, expiry) and renewed with the refresh
 * token shortly before it expires, so ending the login anywhere (logout, a reused refresh token,
 * a revoked family) ends the console session too. Renewal is serialised per session: two
 * requests renewing at once would present one refresh token twice, which revokes the family.
 */
final class ConsoleSignIn implements Serializable {

    /** The HTTP session attribute. */
    static final String ATTRIBUTE = "sh.velocity.console.signin";

    private static final long serialVersionUID = 1L;

    private final String principal;
    private String accessToken;
    private String refreshToken;
    private Instant accessExpiresAt;

    ConsoleSignIn(String principal, TokenPair tokens, Instant now) {
        this.principal = principal;
        renewed(tokens, now);
    }

    String principal() {
        return principal;
    }

    synchronized String accessToken() {
        return accessToken;
    }

    synchronized String refreshToken() {
        return refreshToken;
    }

    /** True when the access token expires within {@code marginSeconds}: renew it first. */
    synchronized boolean expiresWithin(Instant now, long marginSeconds) {
        return !now.plusSeconds(marginSeconds).isBefore(accessExpiresAt);
    }

    synchronized void renewed(TokenPair tokens, Instant now) {
        this.accessToken = tokens.accessToken();
        this.refreshToken = tokens.refreshToken();
        this.accessExpiresAt = now.plusSeconds(tokens.expiresInSeconds());
    }

    @Override
    public String toString() {
        return "ConsoleSignIn[principal=" + principal + ", tokens=<redacted>]";
    }
}
