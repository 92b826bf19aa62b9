package sh.velocity.auth.domain.jwt;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a key must be to enter {@link JwtKeys}. Keys are read one by one with {@link JWK#parse(Map)}
 * rather than with {@code JWKSet.parse}, which silently skips keys of a type it does not know: an
 * RSA or unknown key in the key file must stop the server, not vanish.
 *
 * <p>Messages name a key by its position only and never carry nimbus' own message or cause, which
 * could quote the key file.
 */
final class SigningKeyRules {

    private static final byte[] PROBE = "velocity key pair probe".getBytes(StandardCharsets.US_ASCII);

    private SigningKeyRules() {
    }

    static List<ECKey> parse(String jwkSetJson) {
        if (jwkSetJson == null || jwkSetJson.isBlank()) {
            throw new IllegalArgumentException("JWK set is missing");
        }
        Map<String, Object>[] entries;
        try {
            entries = JSONObjectUtils.getJSONObjectArray(JSONObjectUtils.parse(jwkSetJson), "keys");
        } catch (ParseException | RuntimeException e) {
            throw new IllegalArgumentException("JWK set is not a JSON object with a \"keys\" array of objects");
        }
        if (entries == null) {
            throw new IllegalArgumentException("JWK set has no \"keys\" array");
        }
        List<ECKey> keys = new ArrayList<>(entries.length);
        for (int i = 0; i < entries.length; i++) {
            keys.add(parseKey(entries[i], i + 1));
        }
        return keys;
    }

    /** The keys, checked as a set and each normalised to {@code use: sig}, {@code alg: ES256}. */
    static List<ECKey> checkSet(List<ECKey> keys) {
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("JWK set has no key; one active key is required");
        }
        Set<String> kids = new HashSet<>();
        List<ECKey> checked = new ArrayList<>(keys.size());
        for (int i = 0; i < keys.size(); i++) {
            ECKey key = checkKey(keys.get(i), i + 1);
            if (!kids.add(key.getKeyID())) {
                throw new IllegalArgumentException("key " + (i + 1) + " repeats a kid used by an earlier key");
            }
            checked.add(key);
        }
        return List.copyOf(checked);
    }

    private static ECKey parseKey(Map<String, Object> entry, int position) {
        JWK jwk;
        try {
            jwk = JWK.parse(entry);
        } catch (ParseException | RuntimeException e) {
            throw new IllegalArgumentException("key " + position + " is not a valid JWK of a supported type");
        }
        if (!(jwk instanceof ECKey ecKey)) {
            throw new IllegalArgumentException("key " + position + " is not an EC key; only EC P-256 (ES256) is accepted");
        }
        return ecKey;
    }

    private static ECKey checkKey(ECKey key, int position) {
        String where = "key " + position;
        if (!Curve.P_256.equals(key.getCurve())) {
            throw new IllegalArgumentException(where + " is not on curve P-256");
        }
        if (key.getKeyID() == null || key.getKeyID().isBlank()) {
            throw new IllegalArgumentException(where + " has no kid");
        }
        if (!key.isPrivate()) {
            throw new IllegalArgumentException(where + " has no private part; the key file must hold private keys");
        }
        if (key.getAlgorithm() != null && !JwtKeys.ALGORITHM.equals(key.getAlgorithm())) {
            throw new IllegalArgumentException(where + " is marked for an algorithm other than ES256");
        }
        if (key.getKeyUse() != null && !KeyUse.SIGNATURE.equals(key.getKeyUse())) {
            throw new IllegalArgumentException(where + " is marked for a use other than sig");
        }
        requireMatchingPair(key, where);
        return new ECKey.Builder(key).keyUse(KeyUse.SIGNATURE).algorithm(JwtKeys.ALGORITHM).build();
    }

    /** A private part that does not belong to its public part would sign tokens no one can verify. */
    private static void requireMatchingPair(ECKey key, String where) {
        JWSHeader header = new JWSHeader(JWSAlgorithm.ES256);
        boolean matches;
        try {
            Base64URL signature = new ECDSASigner(key).sign(header, PROBE);
            matches = new ECDSAVerifier(key.toPublicJWK()).verify(header, PROBE, signature);
        } catch (JOSEException | RuntimeException e) {
            matches = false;
        }
        if (!matches) {
            throw new IllegalArgumentException(where + "'s private part does not match its public part");
        }
    }
}
