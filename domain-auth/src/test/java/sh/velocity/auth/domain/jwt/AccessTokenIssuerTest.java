package sh.velocity.auth.domain.jwt;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static sh.velocity.auth.domain.jwt.ForgedTokens.AUDIENCE;
import static sh.velocity.auth.domain.jwt.ForgedTokens.CLOCK;
import static sh.velocity.auth.domain.jwt.ForgedTokens.FAMILY;
import static sh.velocity.auth.domain.jwt.ForgedTokens.ISSUER;
import static sh.velocity.auth.domain.jwt.ForgedTokens.SUBJECT;
import static sh.velocity.auth.domain.jwt.ForgedTokens.T0;
import static sh.velocity.auth.domain.jwt.ForgedTokens.clockAt;
import static sh.velocity.auth.domain.jwt.ForgedTokens.decode;
import static sh.velocity.auth.domain.jwt.ForgedTokens.part;

import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.SignedJWT;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The exact header and claims of an issued token, checked independently of our verifier. */
class AccessTokenIssuerTest {

    private final JwtKeys keys = JwtKeys.generate(CLOCK);
    private final AccessTokenIssuer issuer = new AccessTokenIssuer(keys);

    @Test
    void theHeaderNamesEs256TheActiveKidAndTheAccessTokenType() throws Exception {
        Map<String, Object> header = JSONObjectUtils.parse(decode(part(issuer.issue(request()), 0)));

        assertEquals(Map.of("alg", "ES256", "kid", keys.activeKid(), "typ", "at+jwt"), header);
    }

    @Test
    void theClaimsAreExactlyThoseTheVerifierRequires() throws Exception {
        Map<String, Object> claims = JSONObjectUtils.parse(decode(part(issuer.issue(request()), 1)));
        long iat = T0.getEpochSecond();

        assertAll(
                () -> assertEquals(Set.of("iss", "aud", "sub", "iat", "nbf", "exp", "jti", "fam"), claims.keySet()),
                () -> assertEquals(ISSUER, claims.get("iss")),
                () -> assertEquals(AUDIENCE, claims.get("aud"), "aud is a single string, not an array"),
                () -> assertEquals(SUBJECT, claims.get("sub")),
                () -> assertEquals(FAMILY, claims.get("fam")),
                () -> assertEquals(iat, ((Number) claims.get("iat")).longValue()),
                () -> assertEquals(iat, ((Number) claims.get("nbf")).longValue()),
                () -> assertEquals(iat + 15 * 60, ((Number) claims.get("exp")).longValue()),
                () -> assertTrue(((String) claims.get("jti"))
                        .matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")));
    }

    @Test
    void theSignatureVerifiesWithThePublicKeyAlone() throws Exception {
        SignedJWT token = SignedJWT.parse(issuer.issue(request()));

        assertTrue(token.verify(new ECDSAVerifier(keys.signingKey().toPublicJWK())));
        assertEquals(64, token.getSignature().decode().length, "JOSE R||S form, not DER");
    }

    @Test
    void everyTokenGetsItsOwnJti() throws Exception {
        String first = SignedJWT.parse(issuer.issue(request())).getJWTClaimsSet().getJWTID();
        String second = SignedJWT.parse(issuer.issue(request())).getJWTClaimsSet().getJWTID();

        assertNotEquals(first, second);
    }

    @Test
    void aChosenLifetimeSetsExpAndTimesAreWholeSeconds() throws Exception {
        var request = new AccessTokenRequest(SUBJECT, ISSUER, AUDIENCE, FAMILY, Duration.ofMinutes(5),
                clockAt(T0.plusMillis(999)));
        var claims = SignedJWT.parse(issuer.issue(request)).getJWTClaimsSet();

        assertEquals(T0, claims.getIssueTime().toInstant());
        assertEquals(T0.plusSeconds(300), claims.getExpirationTime().toInstant());
    }

    @Test
    void anIssuerBuiltAfterRotateSignsWithTheNewKey() throws Exception {
        JwtKeys rotated = keys.rotate(CLOCK);

        String kid = SignedJWT.parse(new AccessTokenIssuer(rotated).issue(request())).getHeader().getKeyID();

        assertEquals(rotated.activeKid(), kid);
    }

    @Test
    void theDefaultLifetimeIsFifteenMinutes() {
        assertEquals(Duration.ofMinutes(15), request().timeToLive());
    }

    @Test
    void requestsWithoutAPartOrWithAnUnreasonableLifetimeAreRefused() {
        assertAll(
                () -> assertThrows(IllegalArgumentException.class,
                        () -> AccessTokenRequest.of(" ", ISSUER, AUDIENCE, FAMILY, CLOCK)),
                () -> assertThrows(IllegalArgumentException.class,
                        () -> AccessTokenRequest.of(SUBJECT, null, AUDIENCE, FAMILY, CLOCK)),
                () -> assertThrows(IllegalArgumentException.class,
                        () -> AccessTokenRequest.of(SUBJECT, ISSUER, "", FAMILY, CLOCK)),
                () -> assertThrows(IllegalArgumentException.class,
                        () -> AccessTokenRequest.of(SUBJECT, ISSUER, AUDIENCE, null, CLOCK)),
                () -> assertThrows(NullPointerException.class,
                        () -> AccessTokenRequest.of(SUBJECT, ISSUER, AUDIENCE, FAMILY, null)),
                () -> assertThrows(IllegalArgumentException.class, () -> withLifetime(Duration.ZERO)),
                () -> assertThrows(IllegalArgumentException.class, () -> withLifetime(Duration.ofMillis(999))),
                () -> assertThrows(IllegalArgumentException.class, () -> withLifetime(Duration.ofMinutes(-1))),
                () -> assertThrows(IllegalArgumentException.class, () -> withLifetime(Duration.ofMinutes(61))),
                () -> assertThrows(IllegalArgumentException.class, () -> withLifetime(null)));
    }

    private static AccessTokenRequest request() {
        return AccessTokenRequest.of(SUBJECT, ISSUER, AUDIENCE, FAMILY, CLOCK);
    }

    private static AccessTokenRequest withLifetime(Duration timeToLive) {
        return new AccessTokenRequest(SUBJECT, ISSUER, AUDIENCE, FAMILY, timeToLive, CLOCK);
    }
}
