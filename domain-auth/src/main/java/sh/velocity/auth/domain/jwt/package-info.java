/**
 * Short-lived access tokens as signed JWTs (ES256, {@code typ: at+jwt}), free of any framework:
 * the signing key set and its rotation ({@link sh.velocity.auth.domain.jwt.JwtKeys}), issuing
 * ({@link sh.velocity.auth.domain.jwt.AccessTokenIssuer}) and verifying
 * ({@link sh.velocity.auth.domain.jwt.AccessTokenVerifier}).
 *
 * <p>Only the cryptography and the token rules live here. Where the key file is kept, how a refused
 * token is audited and how a {@code jti} or refresh family is revoked belong to the application and
 * infrastructure layers of the auth module.
 */
package sh.velocity.auth.domain.jwt;
