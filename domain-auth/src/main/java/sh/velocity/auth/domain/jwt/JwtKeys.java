package sh.velocity.auth.domain.jwt;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The keys that sign and verify access tokens: a JWK set of EC P-256 key pairs (ES256), each named
 * by its {@code kid}. Exactly one, the <em>active</em> key, signs; the others only verify, so that a
 * {@link #rotate rotation} does not invalidate tokens already issued. A key is {@link #retire retired}
 * once no token it signed can still be live (the access-token lifetime plus the allowed skew).
 *
 * <p>The active key is the <em>first</em> key of the set. Position was chosen over a custom member
 * because it survives every JWK tool and nimbus' own model, which drops members it does not know;
 * {@link #rotate} puts the new key first, so the set reads newest to oldest.
 *
 * <p>Invariants, checked by {@link #parse} and every constructor path: at least one key; every key is
 * an EC P-256 private key whose private part matches its public part, with a non-blank {@code kid}
 * unique in the set, {@code use: sig} and {@code alg: ES256}. {@link #publicJwks} never carries a
 * private member. No exception message names key material. Instances are immutable.
 */
public final class JwtKeys {

    /** The only algorithm of every key here, and so the only one a verifier accepts. */
    public static final JWSAlgorithm ALGORITHM = JWSAlgorithm.ES256;

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final DateTimeFormatter KID_DATE = DateTimeFormatter.ofPattern("yyyyMMdd").withZone(ZoneOffset.UTC);
    private static final int KID_RANDOM_BYTES = 12;

    private final List<ECKey> keys;

    private JwtKeys(List<ECKey> keys) {
        this.keys = SigningKeyRules.checkSet(keys);
    }

    /** A set of one new key, named {@code yyyyMMdd-<16 random base64url characters>} from {@code clock}. */
    public static JwtKeys generate(Clock clock) {
        return new JwtKeys(List.of(newKey(clock)));
    }

    /**
     * Reads a key file written by {@link #toJson}. The first key becomes the active one.
     *
     * @throws IllegalArgumentException when the text is not a JWK set of EC P-256 private keys with
     *                                  unique kids; the message names the offending key by position
     */
    public static JwtKeys parse(String jwkSetJson) {
        return new JwtKeys(SigningKeyRules.parse(jwkSetJson));
    }

    /** The full set, private parts included, active key first: the content of the key file. */
    public String toJson() {
        return new JWKSet(new ArrayList<JWK>(keys)).toString(false);
    }

    /** {@code {"keys":[...]}} with the public part of every key, for {@code /.well-known/jwks.json}. */
    public String publicJwks() {
        List<JWK> publicKeys = new ArrayList<>(keys.size());
        for (ECKey key : keys) {
            publicKeys.add(key.toPublicJWK());
        }
        return new JWKSet(publicKeys).toString(true);
    }

    /** A set whose new key is active and which still holds every key of this one, so they keep verifying. */
    public JwtKeys rotate(Clock clock) {
        List<ECKey> rotated = new ArrayList<>(keys.size() + 1);
        rotated.add(newKey(clock));
        rotated.addAll(keys);
        return new JwtKeys(rotated);
    }

    /**
     * A set without the key {@code kid}; tokens it signed stop verifying.
     *
     * @throws IllegalArgumentException when {@code kid} is the active key (rotate first) or is not in the set
     */
    public JwtKeys retire(String kid) {
        if (activeKid().equals(kid)) {
            throw new IllegalArgumentException("the active key cannot be retired; rotate first");
        }
        List<ECKey> kept = keys.stream().filter(key -> !key.getKeyID().equals(kid)).toList();
        if (kept.size() == keys.size()) {
            throw new IllegalArgumentException("no key with that kid in the set");
        }
        return new JwtKeys(kept);
    }

    /** The kid of the key that signs. */
    public String activeKid() {
        return keys.get(0).getKeyID();
    }

    /** Every kid, active first. */
    public List<String> kids() {
        return keys.stream().map(ECKey::getKeyID).toList();
    }

    /** The active key pair, private part included: for the issuer only. */
    ECKey signingKey() {
        return keys.get(0);
    }

    /** The public part of every key, by kid. */
    Map<String, ECKey> verificationKeys() {
        return keys.stream().collect(Collectors.toUnmodifiableMap(ECKey::getKeyID, ECKey::toPublicJWK));
    }

    @Override
    public String toString() {
        return "JwtKeys[active=" + activeKid() + ", kids=" + kids() + "]";
    }

    private static ECKey newKey(Clock clock) {
        byte[] random = new byte[KID_RANDOM_BYTES];
        RANDOM.nextBytes(random);
        String kid = KID_DATE.format(clock.instant()) + "-" + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        try {
            return new ECKeyGenerator(Curve.P_256).keyID(kid).keyUse(KeyUse.SIGNATURE).algorithm(ALGORITHM)
                    .secureRandom(RANDOM).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException("this JVM cannot generate EC P-256 keys", e);
        }
    }
}
