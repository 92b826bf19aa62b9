package sh.velocity.auth.domain.jwt;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static sh.velocity.auth.domain.jwt.AccessTokenForgeryTest.refusalOf;
import static sh.velocity.auth.domain.jwt.ForgedTokens.AUDIENCE;
import static sh.velocity.auth.domain.jwt.ForgedTokens.CLOCK;
import static sh.velocity.auth.domain.jwt.ForgedTokens.ISSUER;
import static sh.velocity.auth.domain.jwt.ForgedTokens.T0;
import static sh.velocity.auth.domain.jwt.ForgedTokens.claims;
import static sh.velocity.auth.domain.jwt.ForgedTokens.clockAt;
import static sh.velocity.auth.domain.jwt.ForgedTokens.encode;
import static sh.velocity.auth.domain.jwt.ForgedTokens.header;
import static sh.velocity.auth.domain.jwt.ForgedTokens.issue;
import static sh.velocity.auth.domain.jwt.ForgedTokens.part;
import static sh.velocity.auth.domain.jwt.ForgedTokens.sign;
import static sh.velocity.auth.domain.jwt.ForgedTokens.signWithOurKey;
import static sh.velocity.auth.domain.jwt.ForgedTokens.verifier;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The claim, time and size checks on tokens signed with our own key. */
class AccessTokenVerifierTest {

    private static final Instant EXPIRY = T0.plus(AccessTokenRequest.DEFAULT_TIME_TO_LIVE);

    private final JwtKeys keys = JwtKeys.generate(CLOCK);
    private final AccessTokenVerifier verifier = verifier(keys);

    @Test
    void aValidTokenVerifiesAndReportsItsClaims() {
        String token = issue(keys);

        VerifiedAccessToken verified = assertInstanceOf(VerifiedAccessToken.class, verifier.verify(token));
        assertAll(
                () -> assertEquals(ForgedTokens.SUBJECT, verified.subject()),
                () -> assertEquals(ForgedTokens.FAMILY, verified.family()),
                () -> assertTrue(verified.jti().matches("[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}"), verified.jti()),
                () -> assertEquals(T0, verified.issuedAt()),
                () -> assertEquals(EXPIRY, verified.expiresAt()));
    }

    @Test
    void anExpiredTokenIsRefusedOnceTheSkewHasPassed() {
        String token = issue(keys);

        assertInstanceOf(VerifiedAccessToken.class, verifierAt(EXPIRY.plusSeconds(29)).verify(token));
        assertEquals(RefusalReason.EXPIRED, refusalOf(verifierAt(EXPIRY.plusSeconds(30)).verify(token)));
        assertEquals(RefusalReason.EXPIRED, refusalOf(verifierAt(EXPIRY.plus(Duration.ofDays(1))).verify(token)));
    }

    @Test
    void withoutSkewATokenExpiresAtItsExp() {
        String token = issue(keys);
        AccessTokenVerifier strict = new AccessTokenVerifier(keys, ISSUER, AUDIENCE, clockAt(EXPIRY), Duration.ZERO,
                AccessTokenVerifier.DEFAULT_MAX_TOKEN_LENGTH);

        assertEquals(RefusalReason.EXPIRED, refusalOf(strict.verify(token)));
    }

    @Test
    void aTokenNotYetValidIsRefusedBeyondTheSkew() {
        String token = issue(keys);

        assertInstanceOf(VerifiedAccessToken.class, verifierAt(T0.minusSeconds(30)).verify(token));
        assertEquals(RefusalReason.NOT_YET_VALID, refusalOf(verifierAt(T0.minusSeconds(31)).verify(token)));
    }

    @Test
    void aTokenIssuedInTheFutureIsRefusedEvenWithoutNbf() {
        Instant later = T0.plusSeconds(120);
        JWTClaimsSet claims = claims().notBeforeTime(null).issueTime(Date.from(later)).build();

        assertEquals(RefusalReason.ISSUED_IN_FUTURE, refuse(claims));
    }

    @Test
    void aWrongIssuerIsRefused() {
        String token = issue(keys);
        AccessTokenVerifier other = new AccessTokenVerifier(keys, "https://evil.example/auth", AUDIENCE, CLOCK);

        assertEquals(RefusalReason.WRONG_ISSUER, refusalOf(other.verify(token)));
        assertEquals(RefusalReason.WRONG_ISSUER, refuse(claims().issuer(ISSUER + "/").build()));
        assertEquals(RefusalReason.WRONG_ISSUER, refuse(claims().issuer(null).build()));
    }

    @Test
    void anAudienceWithoutOursIsRefused() {
        String token = issue(keys);
        AccessTokenVerifier other = new AccessTokenVerifier(keys, ISSUER, "billing-api", CLOCK);

        assertEquals(RefusalReason.WRONG_AUDIENCE, refusalOf(other.verify(token)));
        assertEquals(RefusalReason.WRONG_AUDIENCE, refuse(claims().audience(List.of("a", "b")).build()));
        assertEquals(RefusalReason.WRONG_AUDIENCE, refuse(claims().audience((String) null).build()));
    }

    @Test
    void anAudienceListContainingOursIsAccepted() {
        String token = signWithOurKey(keys, header(JWSAlgorithm.ES256, keys.activeKid()).build(),
                claims().audience(List.of("other", AUDIENCE)).build());

        assertInstanceOf(VerifiedAccessToken.class, verifier.verify(token));
    }

    @Test
    void missingRequiredClaimsAreRefusedEachForItsOwnReason() {
        assertAll(
                () -> assertEquals(RefusalReason.MISSING_EXPIRY, refuse(claims().expirationTime(null).build())),
                () -> assertEquals(RefusalReason.MISSING_ISSUED_AT, refuse(claims().issueTime(null).build())),
                () -> assertEquals(RefusalReason.MISSING_JTI, refuse(claims().jwtID(null).build())),
                () -> assertEquals(RefusalReason.MISSING_JTI, refuse(claims().jwtID("").build())),
                () -> assertEquals(RefusalReason.MISSING_SUBJECT, refuse(claims().subject(null).build())),
                () -> assertEquals(RefusalReason.MISSING_SUBJECT, refuse(claims().subject(" ").build())),
                () -> assertEquals(RefusalReason.MISSING_FAMILY, refuse(claims().claim("fam", null).build())),
                () -> assertEquals(RefusalReason.MISSING_FAMILY, refuse(claims().claim("fam", 42).build())),
                () -> assertEquals(RefusalReason.MISSING_FAMILY, refuse(claims().claim("fam", "").build())));
    }

    @Test
    void aTokenOfNineKibIsRefusedBeforeParsing() {
        assertEquals(RefusalReason.TOO_LONG, refusalOf(verifier.verify("x".repeat(9 * 1024))));

        String padded = signWithOurKey(keys, header(JWSAlgorithm.ES256, keys.activeKid()).build(),
                claims().claim("pad", "p".repeat(7 * 1024)).build());
        assertTrue(padded.length() > 9 * 1024 && padded.length() < 10 * 1024, () -> "length " + padded.length());
        AccessTokenVerifier roomy = new AccessTokenVerifier(keys, ISSUER, AUDIENCE, CLOCK,
                AccessTokenVerifier.DEFAULT_CLOCK_SKEW, 16 * 1024);
        assertInstanceOf(VerifiedAccessToken.class, roomy.verify(padded), "control: the padded token is genuine");
        assertEquals(RefusalReason.TOO_LONG, refusalOf(verifier.verify(padded)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "abc", "a.b", "a.b.c.d", ".b.c", "a..c", "a.b.c=", "a.b.c d", "a+b.c.d",
            "a/b.c.d", "é.b.c", "eyJhbGciOiJFUzI1NiJ9.e30", "bm90IGpzb24.e30.c2ln", "WyJFUzI1NiJd.e30.c2ln",
            "bnVsbA.e30.c2ln"})
    void malformedTokensAreRefusedWithoutThrowing(String token) {
        assertEquals(RefusalReason.MALFORMED, refusalOf(verifier.verify(token)));
    }

    @Test
    void aNullTokenIsMalformed() {
        assertEquals(RefusalReason.MALFORMED, refusalOf(verifier.verify(null)));
    }

    @Test
    void aSignedPayloadThatIsNotAClaimsSetIsMalformed() throws Exception {
        var header = header(JWSAlgorithm.ES256, keys.activeKid()).build();
        var signer = new ECDSASigner(keys.signingKey());

        assertEquals(RefusalReason.MALFORMED, refusalOf(verifier.verify(sign(header, new Payload("not json"), signer))));
        assertEquals(RefusalReason.MALFORMED, refusalOf(verifier.verify(sign(header, new Payload("[1]"), signer))));
        assertEquals(RefusalReason.MALFORMED,
                refusalOf(verifier.verify(sign(header, new Payload("{\"exp\":\"tomorrow\"}"), signer))));
    }

    @Test
    void aDuplicatedHeaderMemberIsMalformed() {
        String token = issue(keys);
        String header = encode("{\"alg\":\"ES256\",\"alg\":\"none\",\"kid\":\"" + keys.activeKid()
                + "\",\"typ\":\"at+jwt\"}");

        assertEquals(RefusalReason.MALFORMED, refusalOf(verifier.verify(header + "." + part(token, 1) + ".")));
    }

    @Test
    void aDeeplyNestedHeaderIsRefusedAsMalformed() {
        String nested = encode("{\"alg\":\"ES256\",\"typ\":\"at+jwt\",\"kid\":\"" + keys.activeKid() + "\",\"x\":"
                + "[".repeat(2_500) + "]".repeat(2_500) + "}");
        assertTrue(nested.length() < AccessTokenVerifier.DEFAULT_MAX_TOKEN_LENGTH - 10, "fits under the length cap");

        assertEquals(RefusalReason.MALFORMED, refusalOf(verifier.verify(nested + ".e30.c2ln")));
    }

    @Test
    void refusalReasonsAreDistinctShortCodesThatNeverQuoteTheToken() {
        Set<String> texts = new HashSet<>();
        for (RefusalReason reason : RefusalReason.values()) {
            assertTrue(reason.text().matches("[a-z_]{5,24}"), reason.text());
            assertTrue(texts.add(reason.text()), () -> "duplicate reason text " + reason.text());
        }
        String token = issue(keys);
        List<String> refused = List.of(token + "x", token.replace('.', ','), issue(JwtKeys.generate(CLOCK)),
                part(token, 0) + "." + encode("{\"sub\":\"<script>\"}") + "." + part(token, 2));
        for (String bad : refused) {
            Refusal refusal = assertInstanceOf(Refusal.class, verifier.verify(bad));
            assertTrue(Arrays.stream(bad.split("[.,]")).noneMatch(p -> p.length() > 3 && refusal.reason().contains(p)),
                    refusal.reason());
            assertFalse(refusal.toString().contains(part(token, 1)), refusal.toString());
        }
    }

    @Test
    void verifierSettingsAreChecked() {
        assertAll(
                () -> assertThrows(IllegalArgumentException.class,
                        () -> new AccessTokenVerifier(keys, " ", AUDIENCE, CLOCK)),
                () -> assertThrows(IllegalArgumentException.class,
                        () -> new AccessTokenVerifier(keys, ISSUER, null, CLOCK)),
                () -> assertThrows(IllegalArgumentException.class, () -> new AccessTokenVerifier(keys, ISSUER,
                        AUDIENCE, CLOCK, Duration.ofSeconds(-1), 8192)),
                () -> assertThrows(IllegalArgumentException.class, () -> new AccessTokenVerifier(keys, ISSUER,
                        AUDIENCE, CLOCK, Duration.ofHours(1), 8192)),
                () -> assertThrows(IllegalArgumentException.class, () -> new AccessTokenVerifier(keys, ISSUER,
                        AUDIENCE, CLOCK, Duration.ZERO, 0)));
    }

    private RefusalReason refuse(JWTClaimsSet claims) {
        return refusalOf(verifier.verify(signWithOurKey(keys, header(JWSAlgorithm.ES256, keys.activeKid()).build(),
                claims)));
    }

    private AccessTokenVerifier verifierAt(Instant now) {
        Clock clock = clockAt(now);
        return new AccessTokenVerifier(keys, ISSUER, AUDIENCE, clock);
    }
}
