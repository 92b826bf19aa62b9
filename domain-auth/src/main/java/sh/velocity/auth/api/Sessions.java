package sh.velocity.auth.api;

/**
 * Logins of users: a short-lived access token (a signed JWT) and a refresh token that is rotated on
 * every use; presenting a used refresh token again revokes its whole family. Failures never say
 * which part was wrong; the audit log does.
 */
public interface Sessions {

    TokenPair login(String username, char[] password, String totpCode);

    TokenPair refresh(String refreshToken);

    /** Ends the session (the refresh-token family) of this access token, the caller's own. */
    void logout(String accessToken);

    /** The public signing keys, as a JWK set document for {@code /.well-known/jwks.json}. */
    String publicKeys();

    record TokenPair(String accessToken, long expiresInSeconds, String refreshToken, long refreshExpiresInSeconds) {
    }
}
