package sh.velocity.auth.domain.jwt;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.SignedJWT;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Decides whether a bearer string is an access token this platform issued and that is live now.
 *
 * <p>Why it is written out rather than left to a generic JWT processor: each refusal gets its own
 * reason for the audit log, and the order of the checks is itself a defence. The length is checked
 * before anything is decoded; the header's {@code alg} must be {@link JwtKeys#ALGORITHM}, the one
 * algorithm every one of our keys has, before any key is chosen, so {@code none}, HMAC with the
 * public key as secret (key confusion), RSA and anything else are refused however the token is
 * signed; the key is then found only by {@code kid} in our own set (never from {@code jwk},
 * {@code jku} or {@code x5*} headers) and verified with an {@link ECDSAVerifier} built from it,
 * which itself accepts only ES256 with 64-byte signatures; a {@code crit} header is refused
 * because no extension is understood; the claims are read only after the signature holds.
 *
 * <p>{@link #verify} never throws for any input and is safe to share between threads.
 */
public final class AccessTokenVerifier {

    public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofSeconds(30);
    public static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(5);
    public static final int DEFAULT_MAX_TOKEN_LENGTH = 8 * 1024;

    private static final Pattern COMPACT_JWS = Pattern.compile("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*");
    private static final String EXPECTED_TYPE = AccessTokenIssuer.ACCESS_TOKEN_TYPE.getType();

    private final Map<String, JWSVerifier> verifiersByKid;
    private final AccessTokenClaimRules claimRules;
    private final Clock clock;
    private final int maxTokenLength;

    /** A verifier allowing {@link #DEFAULT_CLOCK_SKEW} and tokens of up to {@link #DEFAULT_MAX_TOKEN_LENGTH}. */
    public AccessTokenVerifier(JwtKeys keys, String expectedIssuer, String expectedAudience, Clock clock) {
        this(keys, expectedIssuer, expectedAudience, clock, DEFAULT_CLOCK_SKEW, DEFAULT_MAX_TOKEN_LENGTH);
    }

    /**
     * @param keys            only their public parts are used
     * @param allowedSkew     between zero and {@link #MAX_CLOCK_SKEW}
     * @param maxTokenLength  longer strings are refused unread
     */
    public AccessTokenVerifier(JwtKeys keys, String expectedIssuer, String expectedAudience, Clock clock,
            Duration allowedSkew, int maxTokenLength) {
        Objects.requireNonNull(keys, "keys");
        requireText(expectedIssuer, "expected issuer");
        requireText(expectedAudience, "expected audience");
        if (allowedSkew == null || allowedSkew.isNegative() || allowedSkew.compareTo(MAX_CLOCK_SKEW) > 0) {
            throw new IllegalArgumentException("allowed clock skew must be between 0 and " + MAX_CLOCK_SKEW);
        }
        if (maxTokenLength <= 0) {
            throw new IllegalArgumentException("max token length must be positive");
        }
        this.verifiersByKid = verifiers(keys);
        this.claimRules = new AccessTokenClaimRules(expectedIssuer, expectedAudience, allowedSkew);
        this.clock = Objects.requireNonNull(clock, "clock");
        this.maxTokenLength = maxTokenLength;
    }

    /** The verified token, or the first check it failed. */
    public VerificationResult verify(String token) {
        if (token == null) {
            return RefusalReason.MALFORMED.refusal();
        }
        if (token.length() > maxTokenLength) {
            return RefusalReason.TOO_LONG.refusal();
        }
        if (!COMPACT_JWS.matcher(token).matches()) {
            return RefusalReason.MALFORMED.refusal();
        }
        try {
            return verifyWellFormed(token);
        } catch (ParseException | RuntimeException e) {
            // Fail closed: whatever the parser could not make sense of is not a token we issued.
            return RefusalReason.MALFORMED.refusal();
        }
    }

    private VerificationResult verifyWellFormed(String token) throws ParseException {
        String encodedHeader = token.substring(0, token.indexOf('.'));
        Map<String, Object> header = JSONObjectUtils.parse(new Base64URL(encodedHeader).decodeToString());
        if (!JwtKeys.ALGORITHM.getName().equals(header.get("alg"))) {
            return RefusalReason.ALGORITHM_NOT_ALLOWED.refusal();
        }
        if (header.containsKey("crit")) {
            return RefusalReason.CRITICAL_HEADER.refusal();
        }
        if (!EXPECTED_TYPE.equals(header.get("typ"))) {
            return RefusalReason.WRONG_TYPE.refusal();
        }
        if (!(header.get("kid") instanceof String kid) || kid.isBlank()) {
            return RefusalReason.MISSING_KID.refusal();
        }
        JWSVerifier verifier = verifiersByKid.get(kid);
        if (verifier == null) {
            return RefusalReason.UNKNOWN_KID.refusal();
        }
        SignedJWT jwt = SignedJWT.parse(token);
        if (!signatureHolds(jwt, verifier)) {
            return RefusalReason.BAD_SIGNATURE.refusal();
        }
        return claimRules.check(jwt.getJWTClaimsSet(), clock.instant());
    }

    private static boolean signatureHolds(SignedJWT jwt, JWSVerifier verifier) {
        try {
            return jwt.verify(verifier);
        } catch (JOSEException e) {
            return false;
        }
    }

    private static Map<String, JWSVerifier> verifiers(JwtKeys keys) {
        Map<String, JWSVerifier> verifiers = new HashMap<>();
        for (Map.Entry<String, ECKey> entry : keys.verificationKeys().entrySet()) {
            try {
                verifiers.put(entry.getKey(), new ECDSAVerifier(entry.getValue()));
            } catch (JOSEException e) {
                throw new IllegalStateException("a key in the set cannot verify ES256", e);
            }
        }
        return Map.copyOf(verifiers);
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " is missing");
        }
    }
}
