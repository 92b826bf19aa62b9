package sh.velocity.auth.domain.jwt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static sh.velocity.auth.domain.jwt.ForgedTokens.claims;
import static sh.velocity.auth.domain.jwt.ForgedTokens.decode;
import static sh.velocity.auth.domain.jwt.ForgedTokens.encode;
import static sh.velocity.auth.domain.jwt.ForgedTokens.header;
import static sh.velocity.auth.domain.jwt.ForgedTokens.issue;
import static sh.velocity.auth.domain.jwt.ForgedTokens.part;
import static sh.velocity.auth.domain.jwt.ForgedTokens.sign;
import static sh.velocity.auth.domain.jwt.ForgedTokens.verifier;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.impl.ECDSA;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Tokens an attacker can make without our private key: every one must be refused, for its own reason. */
class AccessTokenForgeryTest {

    private static final JwtKeys HMAC_VICTIM = JwtKeys.generate(ForgedTokens.CLOCK);

    private final JwtKeys keys = JwtKeys.generate(ForgedTokens.CLOCK);
    private final AccessTokenVerifier verifier = verifier(keys);
    private final String genuine = issue(keys);

    @Test
    void theGenuineTokenVerifies() {
        assertInstanceOf(VerifiedAccessToken.class, verifier.verify(genuine));
    }

    @ParameterizedTest
    @ValueSource(strings = {"none", "None", "NONE", "nOnE"})
    void anUnsignedAlgNoneTokenIsRefused(String none) {
        String payload = part(genuine, 1);
        String bare = encode("{\"alg\":\"" + none + "\"}");
        String dressed = encode("{\"alg\":\"" + none + "\",\"kid\":\"" + keys.activeKid() + "\",\"typ\":\"at+jwt\"}");

        assertRefused(RefusalReason.ALGORITHM_NOT_ALLOWED, bare + "." + payload + ".");
        assertRefused(RefusalReason.ALGORITHM_NOT_ALLOWED, dressed + "." + payload + ".");
        assertRefused(RefusalReason.ALGORITHM_NOT_ALLOWED, dressed + "." + payload + "." + part(genuine, 2));
    }

    static Stream<Arguments> hmacWithThePublicKeyAsSecret() throws Exception {
        ECKey publicKey = HMAC_VICTIM.signingKey().toPublicJWK();
        byte[] spki = publicKey.toECPublicKey().getEncoded();
        String pem = "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder().encodeToString(spki)
                + "\n-----END PUBLIC KEY-----\n";
        return Stream.of(JWSAlgorithm.HS256, JWSAlgorithm.HS384, JWSAlgorithm.HS512).flatMap(alg -> Stream.of(
                Arguments.of(alg, spki),
                Arguments.of(alg, pem.getBytes(StandardCharsets.US_ASCII)),
                Arguments.of(alg, publicKey.toJSONString().getBytes(StandardCharsets.UTF_8))));
    }

    @ParameterizedTest
    @MethodSource("hmacWithThePublicKeyAsSecret")
    void anHmacTokenKeyedWithOurPublicKeyIsRefused(JWSAlgorithm alg, byte[] secret) throws Exception {
        String forged = sign(header(alg, HMAC_VICTIM.activeKid()).build(), claims().build(), new MACSigner(secret));

        assertTrue(JWSObject.parse(forged).verify(new MACVerifier(secret)), "control: the HMAC itself is valid");
        assertEquals(RefusalReason.ALGORITHM_NOT_ALLOWED, refusalOf(verifier(HMAC_VICTIM).verify(forged)));
    }

    @Test
    void anRs256TokenCarryingOurKidIsRefused() throws Exception {
        var rsa = new RSAKeyGenerator(2048).keyID(keys.activeKid()).generate();
        String forged = sign(header(JWSAlgorithm.RS256, keys.activeKid()).build(), claims().build(),
                new RSASSASigner(rsa));

        assertRefused(RefusalReason.ALGORITHM_NOT_ALLOWED, forged);
    }

    @Test
    void anEs384TokenFromAnotherCurveCarryingOurKidIsRefused() throws Exception {
        ECKey p384 = new ECKeyGenerator(Curve.P_384).keyID(keys.activeKid()).generate();
        String forged = sign(header(JWSAlgorithm.ES384, keys.activeKid()).build(), claims().build(),
                new ECDSASigner(p384));

        assertRefused(RefusalReason.ALGORITHM_NOT_ALLOWED, forged);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"ES256K\"", "\"ES384\"", "\"ES512\"", "\"PS256\"", "\"RS256\"", "\"HS256\"",
            "\"EdDSA\"", "\"Ed25519\"", "\"es256\"", "\"ES256 \"", "\" ES256\"", "\"\"", "\"dir\"", "\"RSA-OAEP\"",
            "\"A128KW\"", "null", "256", "[\"ES256\"]", "{\"name\":\"ES256\"}", "true"})
    void anyOtherAlgIsRefusedEvenWithOurSignature(String alg) {
        String header = encode("{\"alg\":" + alg + ",\"kid\":\"" + keys.activeKid() + "\",\"typ\":\"at+jwt\"}");

        assertRefused(RefusalReason.ALGORITHM_NOT_ALLOWED, header + "." + part(genuine, 1) + "." + part(genuine, 2));
    }

    @Test
    void aMissingAlgIsRefused() {
        String header = encode("{\"kid\":\"" + keys.activeKid() + "\",\"typ\":\"at+jwt\"}");

        assertRefused(RefusalReason.ALGORITHM_NOT_ALLOWED, header + "." + part(genuine, 1) + "." + part(genuine, 2));
    }

    @Test
    void anEs256TokenSignedByAStrangerUnderOurKidIsRefused() throws Exception {
        ECKey stranger = new ECKeyGenerator(Curve.P_256).keyID(keys.activeKid()).generate();
        String forged = sign(header(JWSAlgorithm.ES256, keys.activeKid()).build(), claims().build(),
                new ECDSASigner(stranger));

        assertRefused(RefusalReason.BAD_SIGNATURE, forged);
    }

    @Test
    void aPayloadTamperedAfterSigningIsRefused() {
        String payload = decode(part(genuine, 1));
        String tampered = payload.replace("\"sub\":\"" + ForgedTokens.SUBJECT + "\"", "\"sub\":\"admin\"");
        assertNotEquals(payload, tampered, "control: the subject was flipped");

        assertRefused(RefusalReason.BAD_SIGNATURE,
                part(genuine, 0) + "." + encode(tampered) + "." + part(genuine, 2));
    }

    @Test
    void aHeaderWhoseKidWasSwitchedToAnotherKnownKidIsRefused() {
        JwtKeys rotated = keys.rotate(ForgedTokens.CLOCK);
        String token = issue(rotated);
        String header = decode(part(token, 0));
        String switched = header.replace(rotated.activeKid(), keys.activeKid());
        assertNotEquals(header, switched, "control: the kid was switched");
        AccessTokenVerifier both = verifier(rotated);
        assertInstanceOf(VerifiedAccessToken.class, both.verify(token), "control: the untouched token verifies");

        assertEquals(RefusalReason.BAD_SIGNATURE,
                refusalOf(both.verify(encode(switched) + "." + part(token, 1) + "." + part(token, 2))));
    }

    @Test
    void aStrippedOrTruncatedSignatureIsRefused() {
        String signature = part(genuine, 2);
        String unsigned = part(genuine, 0) + "." + part(genuine, 1) + ".";

        assertRefused(RefusalReason.MALFORMED, unsigned);
        assertRefused(RefusalReason.BAD_SIGNATURE, unsigned + signature.substring(0, signature.length() - 4));
    }

    @Test
    void aDerEncodedSignatureIsRefused() throws Exception {
        JWSObject jws = JWSObject.parse(genuine);
        byte[] der = ECDSA.transcodeSignatureToDER(jws.getSignature().decode());

        assertRefused(RefusalReason.BAD_SIGNATURE, part(genuine, 0) + "." + part(genuine, 1) + "."
                + Base64URL.encode(der));
    }

    @Test
    void aTokenFromAnotherKeySetIsRefusedForItsUnknownKid() {
        assertRefused(RefusalReason.UNKNOWN_KID, issue(JwtKeys.generate(ForgedTokens.CLOCK)));
    }

    @Test
    void aTokenWithoutKidIsRefused() {
        String header = encode("{\"alg\":\"ES256\",\"typ\":\"at+jwt\"}");
        String blankKid = encode("{\"alg\":\"ES256\",\"typ\":\"at+jwt\",\"kid\":\" \"}");
        String numericKid = encode("{\"alg\":\"ES256\",\"typ\":\"at+jwt\",\"kid\":7}");
        String rest = "." + part(genuine, 1) + "." + part(genuine, 2);

        assertRefused(RefusalReason.MISSING_KID, header + rest);
        assertRefused(RefusalReason.MISSING_KID, blankKid + rest);
        assertRefused(RefusalReason.MISSING_KID, numericKid + rest);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ",\"typ\":\"JWT\"", ",\"typ\":\"application/jwt\"", ",\"typ\":\"at+jwt \"",
            ",\"typ\":\"id_token+jwt\"", ",\"typ\":null"})
    void aTypeOtherThanAtJwtIsRefusedEvenWhenSignedByUs(String typMember) throws Exception {
        String header = "{\"alg\":\"ES256\",\"kid\":\"" + keys.activeKid() + "\"" + typMember + "}";
        String forged = signOver(header);

        assertRefused(RefusalReason.WRONG_TYPE, forged);
    }

    @Test
    void aCritHeaderIsRefusedEvenWhenSignedByUs() throws Exception {
        String forged = signOver("{\"alg\":\"ES256\",\"kid\":\"" + keys.activeKid()
                + "\",\"typ\":\"at+jwt\",\"crit\":[\"x-velocity\"],\"x-velocity\":true}");
        String emptyCrit = signOver("{\"alg\":\"ES256\",\"kid\":\"" + keys.activeKid()
                + "\",\"typ\":\"at+jwt\",\"crit\":[]}");

        assertRefused(RefusalReason.CRITICAL_HEADER, forged);
        assertRefused(RefusalReason.CRITICAL_HEADER, emptyCrit);
    }

    /** Signs {@code headerJson} verbatim over the genuine payload with our active key. */
    private String signOver(String headerJson) throws Exception {
        String signingInput = encode(headerJson) + "." + part(genuine, 1);
        Base64URL signature = new ECDSASigner(keys.signingKey())
                .sign(new JWSHeader(JWSAlgorithm.ES256), signingInput.getBytes(StandardCharsets.US_ASCII));
        return signingInput + "." + signature;
    }

    private void assertRefused(RefusalReason expected, String token) {
        assertEquals(expected, refusalOf(verifier.verify(token)));
    }

    static RefusalReason refusalOf(VerificationResult result) {
        return assertInstanceOf(Refusal.class, result, () -> "expected a refusal, got " + result).code();
    }
}
