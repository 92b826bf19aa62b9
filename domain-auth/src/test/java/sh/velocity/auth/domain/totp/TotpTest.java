package sh.velocity.auth.domain.totp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class TotpTest {

    /** RFC 6238 Appendix B: the SHA-1 seed is the ASCII string "12345678901234567890". */
    private static final byte[] RFC_SEED = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);
    private static final String RFC_SECRET = Base32.encode(RFC_SEED);
    private static final Instant NOW = Instant.ofEpochSecond(1_111_111_111L);

    private final Totp totp = new Totp();

    @ParameterizedTest
    @CsvSource({"59, 94287082", "1111111109, 07081804", "1111111111, 14050471", "1234567890, 89005924",
            "2000000000, 69279037", "20000000000, 65353130"})
    void matchesTheRfc6238Sha1Vectors(long unixTime, String eightDigits) {
        long step = Totp.step(Instant.ofEpochSecond(unixTime));
        assertEquals(eightDigits, Totp.code(RFC_SEED, step, 8));
        assertEquals(eightDigits.substring(2), totp.code(RFC_SECRET, step));
    }

    @Test
    void theRfcSecretInBase32IsTheWellKnownOne() {
        assertEquals("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", RFC_SECRET);
    }

    @ParameterizedTest
    @ValueSource(longs = {-1, 0, 1})
    void acceptsTheCurrentStepAndOneEitherSideAndReturnsIt(long offset) {
        long step = Totp.step(NOW) + offset;
        assertEquals(OptionalLong.of(step), totp.verify(RFC_SECRET, totp.code(RFC_SECRET, step), NOW, -1));
    }

    @ParameterizedTest
    @ValueSource(longs = {-3, -2, 2, 3})
    void refusesStepsFurtherAway(long offset) {
        long step = Totp.step(NOW) + offset;
        assertEquals(OptionalLong.empty(), totp.verify(RFC_SECRET, totp.code(RFC_SECRET, step), NOW, -1));
    }

    @Test
    void aCodeCannotBeReplayedEvenWithinItsOwnStep() {
        String code = totp.code(RFC_SECRET, Totp.step(NOW));
        long used = totp.verify(RFC_SECRET, code, NOW, -1).orElseThrow();
        assertEquals(OptionalLong.empty(), totp.verify(RFC_SECRET, code, NOW, used));
        assertEquals(OptionalLong.empty(), totp.verify(RFC_SECRET, code, NOW.plusSeconds(29), used));
    }

    @Test
    void anOlderCodeIsRefusedOnceALaterOneWasUsed() {
        long current = Totp.step(NOW);
        long used = totp.verify(RFC_SECRET, totp.code(RFC_SECRET, current + 1), NOW, -1).orElseThrow();
        assertEquals(current + 1, used);
        assertEquals(OptionalLong.empty(), totp.verify(RFC_SECRET, totp.code(RFC_SECRET, current), NOW, used));
        assertEquals(OptionalLong.empty(), totp.verify(RFC_SECRET, totp.code(RFC_SECRET, current - 1), NOW, used));
        assertEquals(OptionalLong.of(current + 2),
                totp.verify(RFC_SECRET, totp.code(RFC_SECRET, current + 2), NOW.plusSeconds(30), used));
    }

    @Test
    void aWrongCodeIsRefused() {
        String right = totp.code(RFC_SECRET, Totp.step(NOW));
        String wrong = String.format("%06d", (Integer.parseInt(right) + 1) % 1_000_000);
        assertEquals(OptionalLong.empty(), totp.verify(RFC_SECRET, wrong, NOW, -1));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"12345", "1234567", " 123456", "123456 ", "12 456", "12345a", "+12345", "-12345",
            "\u0661\u0662\u0663\u0664\u0665\u0666", "\uFF11\uFF12\uFF13\uFF14\uFF15\uFF16", "123\u00A0456"})
    void malformedCodesAreRefused(String code) {
        assertEquals(OptionalLong.empty(), totp.verify(RFC_SECRET, code, NOW, -1));
    }

    @Test
    void theCurrentCodeWithSurroundingSpaceOrExtraDigitsIsRefused() {
        String code = totp.code(RFC_SECRET, Totp.step(NOW));
        assertEquals(OptionalLong.empty(), totp.verify(RFC_SECRET, " " + code, NOW, -1));
        assertEquals(OptionalLong.empty(), totp.verify(RFC_SECRET, code + "0", NOW, -1));
        assertEquals(OptionalLong.empty(), totp.verify(RFC_SECRET, "94287082", Instant.ofEpochSecond(59), -1));
        assertTrue(totp.verify(RFC_SECRET, "287082", Instant.ofEpochSecond(59), -1).isPresent());
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"not base32!", "GEZDGNBVGY3TQOJQ", "GEZDGNBVGY3TQOJQGEZDGNB1"})
    void aMalformedOrShortSecretVerifiesNothing(String secret) {
        assertEquals(OptionalLong.empty(), totp.verify(secret, "123456", NOW, -1));
    }

    @Test
    void codesForAShortSecretAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> totp.code("GEZDGNBVGY3TQOJQ", 1));
        assertFalse(e.getMessage().contains("GEZDGNBVGY3TQOJQ"));
    }

    @Test
    void theFirstStepsOfTheEpochWork() {
        Instant start = Instant.ofEpochSecond(5);
        assertEquals(OptionalLong.of(0), totp.verify(RFC_SECRET, totp.code(RFC_SECRET, 0), start, -1));
        assertEquals(OptionalLong.of(1), totp.verify(RFC_SECRET, totp.code(RFC_SECRET, 1), start, -1));
    }

    @Test
    void lowerCaseAndSpacedSecretsGiveTheSameCodes() {
        assertEquals(totp.code(RFC_SECRET, 42), totp.code("gezd gnbv gy3t qojq gezd gnbv gy3t qojq", 42));
    }

    @Test
    void newSecretsAre160RandomBitsInBase32() {
        SecureRandom random = new SecureRandom();
        String first = Totp.newSecret(random);
        String second = Totp.newSecret(random);
        assertTrue(first.matches("[A-Z2-7]{32}"), first);
        assertEquals(20, Base32.decode(first).length);
        assertNotEquals(first, second);
        assertEquals(6, totp.code(first, 1).length());
    }

    @Test
    void theOtpauthUriCarriesIssuerAccountAndTheDefaults() {
        assertEquals("otpauth://totp/Velocity:alice%40example.com?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
                        + "&issuer=Velocity&algorithm=SHA1&digits=6&period=30",
                Totp.otpauthUri("Velocity", "alice@example.com", RFC_SECRET));
    }

    @Test
    void theOtpauthUriPercentEncodesSpacesAsPercent20AndNonAscii() {
        assertEquals("otpauth://totp/Velocity%20Dev:Jos%C3%A9%20%26%20co%3F%23?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
                        + "&issuer=Velocity%20Dev&algorithm=SHA1&digits=6&period=30",
                Totp.otpauthUri("Velocity Dev", "José & co?#", "gezd gnbv gy3t qojq gezd gnbv gy3t qojq===="));
    }

    @ParameterizedTest
    @CsvSource(nullValues = "null", value = {"Velo:city, alice", "Velocity, alice:admin", "'', alice", "Velocity, ' '",
            "null, alice", "Velocity, null"})
    void theOtpauthUriRefusesAmbiguousOrMissingLabels(String issuer, String account) {
        assertThrows(IllegalArgumentException.class, () -> Totp.otpauthUri(issuer, account, RFC_SECRET));
    }

    @Test
    void theOtpauthUriRefusesABadSecret() {
        assertThrows(IllegalArgumentException.class, () -> Totp.otpauthUri("Velocity", "alice", "GEZDGNBV"));
        assertThrows(IllegalArgumentException.class, () -> Totp.otpauthUri("Velocity", "alice", "not base32"));
    }
}
