package sh.velocity.auth.domain.password;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class Argon2idHasherTest {

    /** Cheap enough for many tests; the defaults are exercised once, below. */
    private static final Argon2idParameters SMALL = new Argon2idParameters(64, 1, 1);

    private final Argon2idHasher hasher = new Argon2idHasher(SMALL);

    private static char[] pw(String password) {
        return password.toCharArray();
    }

    /**
     * Known answers from the Argon2 reference implementation's test suite (P-H-C/phc-winner-argon2,
     * src/test.c, Argon2id, version 0x13): password "password", salt "somesalt", 32-byte hash.
     */
    @ParameterizedTest
    @CsvSource({
            "256, 2, 1, '$argon2id$v=19$m=256,t=2,p=1$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4'",
            "256, 2, 2, '$argon2id$v=19$m=256,t=2,p=2$c29tZXNhbHQ$bQk8UB/VmZZF4Oo79iDXuL5/0ttZwg2f/5U52iv1cDc'",
            "65536, 2, 1, '$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc'"})
    void matchesTheReferenceImplementation(int memoryKiB, int iterations, int parallelism, String expected) {
        Argon2idHasher reference = new Argon2idHasher(new Argon2idParameters(memoryKiB, iterations, parallelism));
        assertEquals(expected, reference.hash(pw("password"), "somesalt".getBytes(StandardCharsets.US_ASCII)));
        assertTrue(hasher.verify(pw("password"), expected), "a hash made elsewhere verifies");
        assertFalse(hasher.verify(pw("passwore"), expected));
    }

    @Test
    void theDefaultsProduceTheDocumentedFormatAndVerify() {
        Argon2idHasher defaults = new Argon2idHasher();
        String phc = defaults.hash(pw("correct horse battery staple"));
        assertTrue(phc.matches("\\$argon2id\\$v=19\\$m=19456,t=2,p=1\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}"), phc);
        assertTrue(defaults.verify(pw("correct horse battery staple"), phc));
        assertFalse(defaults.verify(pw("correct horse battery stapler"), phc));
        assertFalse(defaults.needsRehash(phc));
    }

    @Test
    void roundTripsAndSaltsEveryHash() {
        String first = hasher.hash(pw("s3cret-Passphrase"));
        String second = hasher.hash(pw("s3cret-Passphrase"));
        assertNotEquals(first, second);
        assertTrue(hasher.verify(pw("s3cret-Passphrase"), first));
        assertTrue(hasher.verify(pw("s3cret-Passphrase"), second));
    }

    @ParameterizedTest
    @ValueSource(strings = {"S3cret-Passphrase", "s3cret-Passphras", "s3cret-Passphrase ", ""})
    void aWrongPasswordDoesNotVerify(String wrong) {
        String phc = hasher.hash(pw("s3cret-Passphrase"));
        assertFalse(hasher.verify(pw(wrong), phc));
    }

    @Test
    void nonAsciiPasswordsAreHashedAsUtf8() {
        String phc = hasher.hash(pw("pässwörd-\uD83D\uDD11"));
        assertTrue(hasher.verify(pw("pässwörd-\uD83D\uDD11"), phc));
        assertFalse(hasher.verify(pw("passwörd-\uD83D\uDD11"), phc));
    }

    @Test
    void hashesMadeWithOlderParametersStillVerifyAndAskForARehash() {
        String old = hasher.hash(pw("long-lived password"));
        Argon2idHasher current = new Argon2idHasher(new Argon2idParameters(128, 2, 2));
        assertTrue(current.verify(pw("long-lived password"), old));
        assertTrue(current.needsRehash(old));
        assertFalse(current.needsRehash(current.hash(pw("long-lived password"))));
    }

    @Test
    void needsRehashWhenAnyStoredParameterDiffers() {
        String phc = hasher.hash(pw("x"));
        assertAll(
                () -> assertFalse(hasher.needsRehash(phc)),
                () -> assertTrue(new Argon2idHasher(new Argon2idParameters(128, 1, 1)).needsRehash(phc)),
                () -> assertTrue(new Argon2idHasher(new Argon2idParameters(64, 2, 1)).needsRehash(phc)),
                () -> assertTrue(new Argon2idHasher(new Argon2idParameters(64, 1, 2)).needsRehash(phc)),
                () -> assertTrue(new Argon2idHasher(new Argon2idParameters(256, 2, 1))
                        .needsRehash("$argon2id$v=19$m=256,t=2,p=1$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4"),
                        "an 8-byte salt is below today's 16"),
                () -> assertTrue(hasher.needsRehash("not a hash")),
                () -> assertTrue(hasher.needsRehash(null)));
    }

    @Test
    void anyTamperedPartFailsVerification() {
        String phc = hasher.hash(pw("tamper-proof"));
        int hashStart = phc.lastIndexOf('$') + 1;
        int saltStart = phc.lastIndexOf('$', hashStart - 2) + 1;
        assertAll(
                () -> assertFalse(hasher.verify(pw("tamper-proof"), flip(phc, hashStart + 5)), "hash"),
                () -> assertFalse(hasher.verify(pw("tamper-proof"), flip(phc, saltStart + 5)), "salt"),
                () -> assertFalse(hasher.verify(pw("tamper-proof"), phc.replace("m=64,", "m=72,")), "memory"),
                () -> assertFalse(hasher.verify(pw("tamper-proof"), phc.replace("t=1,", "t=2,")), "iterations"),
                () -> assertFalse(hasher.verify(pw("tamper-proof"), phc.replace("p=1$", "p=2$")), "parallelism"),
                () -> assertFalse(hasher.verify(pw("tamper-proof"), phc.substring(0, phc.length() - 4)), "truncated"),
                () -> assertTrue(hasher.verify(pw("tamper-proof"), phc), "untouched"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "",
            "password",
            "$argon2i$v=19$m=256,t=2,p=1$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4",
            "$argon2d$v=19$m=256,t=2,p=1$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4",
            "$argon2id$v=16$m=256,t=2,p=1$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4",
            "$argon2id$m=256,t=2,p=1$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4",
            "$argon2id$v=19$m=256,t=2,p=1$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4=",
            "$argon2id$v=19$m=256,t=2,p=1$c29tZXNhbHQ=$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4",
            "$argon2id$v=19$m=256,t=2,p=1$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4$extra",
            "$argon2id$v=19$m=256,t=2,p=1$c29tZXNhbHQ",
            "$argon2id$v=19$m=256,t=2,p=1,keyid=abc$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4",
            "$argon2id$v=19$m=0256,t=2,p=1$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4",
            "$argon2id$v=19$m=256,t=2,p=1$c29tZX$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4",
            "$argon2id$v=19$m=256,t=2,p=1$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4",
            "$argon2id$v=19$m=256,t=2,p=1$c29tZXNhbHQxx$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4",
            "$argon2id$v=19$m=256,t=2,p=1$c29t-XNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4",
            " $argon2id$v=19$m=256,t=2,p=1$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4",
            "$ARGON2ID$v=19$m=256,t=2,p=1$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4"})
    void malformedOrForeignHashesAreFalseNotExceptions(String phc) {
        assertFalse(hasher.verify(pw("password"), phc));
        assertTrue(hasher.needsRehash(phc));
    }

    @ParameterizedTest
    @ValueSource(strings = {"m=1048577,t=1,p=1", "m=99999999,t=1,p=1", "m=4294967296,t=1,p=1", "m=256,t=11,p=1",
            "m=256,t=99,p=1", "m=256,t=1,p=17", "m=256,t=1,p=99", "m=127,t=1,p=16", "m=7,t=1,p=1", "m=256,t=0,p=1"})
    void storedParametersOutsideTheBoundsAreRefusedWithoutRunningThem(String cost) {
        String phc = "$argon2id$v=19$" + cost + "$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4";
        assertTimeoutPreemptively(Duration.ofMillis(500), () -> assertFalse(hasher.verify(pw("password"), phc)));
    }

    @Test
    void anOverlongStoredStringIsRefused() {
        String phc = "$argon2id$v=19$m=64,t=1,p=1$" + "A".repeat(300) + "$" + "A".repeat(43);
        assertFalse(hasher.verify(pw("password"), phc));
        assertFalse(hasher.verify(pw("password"), "$".repeat(10_000_000)));
    }

    @Test
    void missingPasswordsAndUnpairedSurrogatesAreRefusedWithoutEchoingThem() {
        String phc = hasher.hash(pw("fine"));
        assertFalse(hasher.verify(null, phc));
        assertFalse(hasher.verify(new char[] {'a', '\uD800', 'b'}, phc));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> hasher.hash(new char[] {'s', 'e', 'c', 'r', 'e', 't', '\uDC00'}));
        assertFalse(e.getMessage().contains("secret"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> hasher.hash(null));
    }

    @Test
    void thePasswordArrayIsNotChanged() {
        char[] password = pw("keep me");
        hasher.verify(password, hasher.hash(password));
        assertEquals("keep me", new String(password));
    }

    @ParameterizedTest
    @CsvSource({"1048577, 1, 1", "0, 1, 1", "15, 1, 2", "64, 0, 1", "64, 11, 1", "64, 1, 0", "256, 1, 17"})
    void parametersOutsideTheBoundsCannotBeConfigured(int memoryKiB, int iterations, int parallelism) {
        assertThrows(IllegalArgumentException.class, () -> new Argon2idParameters(memoryKiB, iterations, parallelism));
    }

    @Test
    void theDefaultParametersAreOwaspsFirstArgon2idSetting() {
        assertEquals(new Argon2idParameters(19_456, 2, 1), Argon2idParameters.DEFAULTS);
        assertEquals(Argon2idParameters.DEFAULTS, new Argon2idHasher().parameters());
    }

    private static String flip(String phc, int index) {
        char c = phc.charAt(index);
        return phc.substring(0, index) + (c == 'A' ? 'B' : 'A') + phc.substring(index + 1);
    }
}
