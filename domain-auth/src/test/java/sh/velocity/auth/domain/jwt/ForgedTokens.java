package sh.velocity.auth.domain.jwt;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.UUID;

/** Builds the hand-made and attacker-made tokens the verifier tests feed in. */
final class ForgedTokens {

    static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    static final Clock CLOCK = Clock.fixed(T0, ZoneOffset.UTC);
    static final String ISSUER = "https://velocity.example/auth";
    static final String AUDIENCE = "velocity-api";
    static final String SUBJECT = "alice@example.com";
    static final String FAMILY = "fam-7f3c";

    private ForgedTokens() {
    }

    static Clock clockAt(Instant instant) {
        return Clock.fixed(instant, ZoneOffset.UTC);
    }

    static String issue(JwtKeys keys) {
        return new AccessTokenIssuer(keys).issue(AccessTokenRequest.of(SUBJECT, ISSUER, AUDIENCE, FAMILY, CLOCK));
    }

    static AccessTokenVerifier verifier(JwtKeys keys) {
        return new AccessTokenVerifier(keys, ISSUER, AUDIENCE, CLOCK);
    }

    static JWSHeader.Builder header(JWSAlgorithm alg, String kid) {
        return new JWSHeader.Builder(alg).keyID(kid).type(new JOSEObjectType("at+jwt"));
    }

    /** The claims {@link AccessTokenIssuer} writes, issued at {@link #T0} for 15 minutes. */
    static JWTClaimsSet.Builder claims() {
        return new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .audience(AUDIENCE)
                .subject(SUBJECT)
                .issueTime(Date.from(T0))
                .notBeforeTime(Date.from(T0))
                .expirationTime(Date.from(T0.plusSeconds(900)))
                .jwtID(UUID.randomUUID().toString())
                .claim("fam", FAMILY);
    }

    static String sign(JWSHeader header, JWTClaimsSet claims, JWSSigner signer) {
        return sign(header, new Payload(claims.toJSONObject()), signer);
    }

    static String sign(JWSHeader header, Payload payload, JWSSigner signer) {
        JWSObject jws = new JWSObject(header, payload);
        try {
            jws.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jws.serialize();
    }

    /** Signs with the active key of {@code keys}: a token only the claim checks can refuse. */
    static String signWithOurKey(JwtKeys keys, JWSHeader header, JWTClaimsSet claims) {
        try {
            return sign(header, claims, new ECDSASigner(keys.signingKey()));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    static String part(String token, int index) {
        return token.split("\\.", -1)[index];
    }

    static String decode(String part) {
        return new Base64URL(part).decodeToString();
    }

    static String encode(String json) {
        return Base64URL.encode(json.getBytes(StandardCharsets.UTF_8)).toString();
    }
}
