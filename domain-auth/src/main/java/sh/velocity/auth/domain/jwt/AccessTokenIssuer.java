package sh.velocity.auth.domain.jwt;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.UUID;

/**
 * Signs access tokens with the active key of a {@link JwtKeys} snapshot; after a rotation the caller
 * builds a new issuer from the new set.
 *
 * <p>Every token has the header {@code alg: ES256}, {@code kid} (the active key) and
 * {@code typ: at+jwt} (RFC 9068, so an ID token or another JWT cannot be passed off as an access
 * token), and the claims {@code iss}, {@code aud} (one string), {@code sub}, {@code iat} = {@code nbf}
 * (the request clock, whole seconds), {@code exp}, a random UUID {@code jti} (the handle for
 * revoking one token) and {@code fam} (the refresh-token family, the handle for revoking a login).
 * Exactly what {@link AccessTokenVerifier} requires.
 */
public final class AccessTokenIssuer {

    static final JOSEObjectType ACCESS_TOKEN_TYPE = new JOSEObjectType("at+jwt");
    static final String FAMILY_CLAIM = "fam";

    private final JWSHeader header;
    private final JWSSigner signer;

    public AccessTokenIssuer(JwtKeys keys) {
        this.header = new JWSHeader.Builder(JwtKeys.ALGORITHM)
                .keyID(keys.activeKid())
                .type(ACCESS_TOKEN_TYPE)
                .build();
        try {
            this.signer = new ECDSASigner(keys.signingKey());
        } catch (JOSEException e) {
            throw new IllegalStateException("the active key cannot sign ES256", e);
        }
    }

    /** A compact, signed access token for {@code request}. */
    public String issue(AccessTokenRequest request) {
        Instant now = request.clock().instant().truncatedTo(ChronoUnit.SECONDS);
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(request.issuer())
                .audience(request.audience())
                .subject(request.subject())
                .issueTime(Date.from(now))
                .notBeforeTime(Date.from(now))
                .expirationTime(Date.from(now.plus(request.timeToLive())))
                .jwtID(UUID.randomUUID().toString())
                .claim(FAMILY_CLAIM, request.familyId())
                .build();
        SignedJWT token = new SignedJWT(header, claims);
        try {
            token.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("signing the access token failed", e);
        }
        return token.serialize();
    }
}
