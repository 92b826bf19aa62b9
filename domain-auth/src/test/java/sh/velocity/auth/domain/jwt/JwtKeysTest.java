package sh.velocity.auth.domain.jwt;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static sh.velocity.auth.domain.jwt.ForgedTokens.CLOCK;
import static sh.velocity.auth.domain.jwt.ForgedTokens.issue;
import static sh.velocity.auth.domain.jwt.ForgedTokens.verifier;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.OctetSequenceKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.SignedJWT;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The key set: what it generates, publishes, writes and will read back. */
class JwtKeysTest {

    @Test
    void generateMakesOneActivePrivateP256KeyWithADatedRandomKid() {
        JwtKeys keys = JwtKeys.generate(CLOCK);
        ECKey key = keys.signingKey();

        assertAll(
                () -> assertEquals(List.of(keys.activeKid()), keys.kids()),
                () -> assertTrue(keys.activeKid().matches("20260301-[A-Za-z0-9_-]{16}"), keys.activeKid()),
                () -> assertEquals(Curve.P_256, key.getCurve()),
                () -> assertTrue(key.isPrivate()),
                () -> assertEquals(KeyUse.SIGNATURE, key.getKeyUse()),
                () -> assertEquals(JWSAlgorithm.ES256, key.getAlgorithm()));
    }

    @Test
    void generatedKidsAndKeysAreUnique() {
        Set<String> kids = new HashSet<>();
        Set<String> secrets = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            JwtKeys keys = JwtKeys.generate(CLOCK);
            kids.add(keys.activeKid());
            secrets.add(keys.signingKey().getD().toString());
        }
        assertEquals(100, kids.size());
        assertEquals(100, secrets.size());
    }

    @Test
    void publicJwksCarriesNoPrivateMember() throws Exception {
        JwtKeys keys = JwtKeys.generate(CLOCK).rotate(CLOCK);
        String jwks = keys.publicJwks();

        List<Object> published = JSONObjectUtils.getJSONArray(JSONObjectUtils.parse(jwks), "keys");
        assertEquals(2, published.size());
        for (Object entry : published) {
            @SuppressWarnings("unchecked")
            Map<String, Object> key = (Map<String, Object>) entry;
            assertAll(
                    () -> assertEquals(Set.of("kty", "crv", "x", "y", "kid", "use", "alg"), key.keySet()),
                    () -> assertEquals("EC", key.get("kty")),
                    () -> assertEquals("P-256", key.get("crv")),
                    () -> assertEquals("sig", key.get("use")),
                    () -> assertEquals("ES256", key.get("alg")),
                    () -> assertTrue(keys.kids().contains(key.get("kid"))));
        }
        assertFalse(jwks.contains("\"d\""), jwks);
        for (String kid : keys.kids()) {
            String d = JWKSet.parse(keys.toJson()).getKeyByKeyId(kid).toECKey().getD().toString();
            assertFalse(jwks.contains(d), "private part of " + kid + " published");
        }
    }

    @Test
    void toJsonHoldsThePrivatePartsActiveFirst() throws Exception {
        JwtKeys keys = JwtKeys.generate(CLOCK).rotate(CLOCK);
        JWKSet written = JWKSet.parse(keys.toJson());

        assertEquals(keys.kids(), written.getKeys().stream().map(JWK::getKeyID).toList());
        assertTrue(written.getKeys().stream().allMatch(JWK::isPrivate));
    }

    @Test
    void parseOfToJsonRoundTrips() {
        JwtKeys keys = JwtKeys.generate(CLOCK).rotate(CLOCK).rotate(CLOCK);
        JwtKeys read = JwtKeys.parse(keys.toJson());

        assertAll(
                () -> assertEquals(keys.kids(), read.kids()),
                () -> assertEquals(keys.activeKid(), read.activeKid()),
                () -> assertEquals(keys.toJson(), read.toJson()),
                () -> assertEquals(keys.publicJwks(), read.publicJwks()),
                () -> assertInstanceOf(VerifiedAccessToken.class, verifier(read).verify(issue(keys))),
                () -> assertInstanceOf(VerifiedAccessToken.class, verifier(keys).verify(issue(read))));
    }

    @Test
    void theFirstKeyOfAParsedSetIsTheActiveOne() throws Exception {
        JwtKeys keys = JwtKeys.generate(CLOCK).rotate(CLOCK);
        List<JWK> reversed = new ArrayList<>(JWKSet.parse(keys.toJson()).getKeys());
        Collections.reverse(reversed);

        JwtKeys read = JwtKeys.parse(new JWKSet(reversed).toString(false));

        assertEquals(keys.kids().get(1), read.activeKid());
        assertEquals(read.activeKid(), SignedJWT.parse(issue(read)).getHeader().getKeyID());
    }

    @Test
    void aKeyWithoutUseOrAlgIsAcceptedAndMarkedForEs256Signing() throws Exception {
        ECKey bare = new ECKeyGenerator(Curve.P_256).keyID("bare-1").generate();

        JwtKeys read = JwtKeys.parse(new JWKSet(bare).toString(false));

        assertEquals(KeyUse.SIGNATURE, read.signingKey().getKeyUse());
        assertEquals(JWSAlgorithm.ES256, read.signingKey().getAlgorithm());
    }

    @Test
    void parseRefusesAPublicOnlySet() {
        String publicOnly = JwtKeys.generate(CLOCK).publicJwks();

        assertRefused(publicOnly, "private");
    }

    @Test
    void parseRefusesKeysThatAreNotEcP256() throws Exception {
        ECKey ours = new ECKeyGenerator(Curve.P_256).keyID("ours").generate();
        assertAll(
                () -> assertRefused(set(ours, new RSAKeyGenerator(2048).keyID("rsa").generate()), "key 2 is not an EC"),
                () -> assertRefused(set(new OctetSequenceKeyGenerator(256).keyID("hmac").generate()), "key 1"),
                () -> assertRefused(set(new ECKeyGenerator(Curve.P_384).keyID("p384").generate()), "P-256"),
                () -> assertRefused(set(new ECKeyGenerator(Curve.P_521).keyID("p521").generate()), "P-256"),
                () -> assertRefused("{\"keys\":[{\"kty\":\"XYZ\",\"kid\":\"x\"}]}", "key 1"));
    }

    @Test
    void parseRefusesDuplicateAndMissingKids() throws Exception {
        ECKey first = new ECKeyGenerator(Curve.P_256).keyID("same").generate();
        ECKey second = new ECKeyGenerator(Curve.P_256).keyID("same").generate();
        assertAll(
                () -> assertRefused(set(first, second), "key 2 repeats a kid"),
                () -> assertRefused(set(new ECKeyGenerator(Curve.P_256).generate()), "no kid"),
                () -> assertRefused(set(new ECKeyGenerator(Curve.P_256).keyID(" ").generate()), "no kid"));
    }

    @Test
    void parseRefusesKeysMarkedForAnotherAlgorithmOrUse() throws Exception {
        assertAll(
                () -> assertRefused(set(new ECKeyGenerator(Curve.P_256).keyID("a").algorithm(JWSAlgorithm.ES384)
                        .generate()), "algorithm"),
                () -> assertRefused(set(new ECKeyGenerator(Curve.P_256).keyID("e").keyUse(KeyUse.ENCRYPTION)
                        .generate()), "use"));
    }

    @Test
    void parseRefusesAPrivatePartFromAnotherKeyWithoutQuotingIt() throws Exception {
        ECKey a = new ECKeyGenerator(Curve.P_256).keyID("a").generate();
        ECKey b = new ECKeyGenerator(Curve.P_256).keyID("a").generate();
        ECKey mixed = new ECKey.Builder(a.toPublicJWK()).d(b.getD()).build();

        IllegalArgumentException e = assertRefused(set(mixed), "does not match");
        assertFalse(e.getMessage().contains(b.getD().toString()));
        assertEquals(null, e.getCause());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "not json", "[]", "{}", "{\"keys\":{}}", "{\"keys\":[]}", "{\"keys\":[1]}",
            "{\"keys\":[{}]}"})
    void parseRefusesTextThatIsNotANonEmptyJwkSet(String text) {
        assertThrows(IllegalArgumentException.class, () -> JwtKeys.parse(text));
    }

    @Test
    void parseRefusesNull() {
        assertThrows(IllegalArgumentException.class, () -> JwtKeys.parse(null));
    }

    @Test
    void toStringNamesKidsOnly() {
        JwtKeys keys = JwtKeys.generate(CLOCK);

        assertFalse(keys.toString().contains(keys.signingKey().getD().toString()));
        assertTrue(keys.toString().contains(keys.activeKid()));
    }

    private static String set(JWK... keys) {
        return new JWKSet(List.of(keys)).toString(false);
    }

    private static IllegalArgumentException assertRefused(String json, String messagePart) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> JwtKeys.parse(json));
        assertTrue(e.getMessage().contains(messagePart), e.getMessage());
        return e;
    }
}
