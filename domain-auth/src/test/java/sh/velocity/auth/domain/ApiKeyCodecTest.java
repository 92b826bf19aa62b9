package sh.velocity.auth.domain;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ApiKeyCodecTest {

    private static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    private final ApiKeyCodec codec = new ApiKeyCodec();

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod", "ab", "staging2", "abcdefghij"})
    void generatedKeysHaveTheDocumentedShapeAndValidate(String env) {
        GeneratedApiKey key = codec.generate(env);
        assertTrue(key.plaintext().matches("vel_" + env + "_[0-9A-Za-z]{46}"), "shape");
        assertTrue(codec.hasValidFormat(key.plaintext()), "validates");
    }

    @Test
    void theCheckIsTheBase62Crc32OfEverythingBeforeIt() {
        String key = codec.generate("prod").plaintext();
        String signed = key.substring(0, key.length() - 6);
        CRC32 crc = new CRC32();
        crc.update(signed.getBytes(StandardCharsets.US_ASCII));
        long decoded = 0;
        for (char c : key.substring(key.length() - 6).toCharArray()) {
            decoded = decoded * 62 + BASE62.indexOf(c);
        }
        assertEquals(crc.getValue(), decoded);
    }

    @Test
    void theChecksumIsLeftPaddedToSixCharacters() {
        assertEquals("000000", ApiKeyCodec.checksum(""));
        for (int i = 0; i < 1000; i++) {
            assertTrue(ApiKeyCodec.checksum("vel_dev_" + i).matches("[0-9A-Za-z]{6}"));
        }
    }

    @Test
    void anySingleChangedCharacterFailsAtEveryPosition() {
        String alphabet = BASE62 + "_-. ";
        for (int k = 0; k < 5; k++) {
            String key = codec.generate(k % 2 == 0 ? "dev" : "prod").plaintext();
            for (int position = 0; position < key.length(); position++) {
                for (char replacement : alphabet.toCharArray()) {
                    if (replacement == key.charAt(position)) {
                        continue;
                    }
                    String typo = key.substring(0, position) + replacement + key.substring(position + 1);
                    assertFalse(codec.hasValidFormat(typo), () -> "accepted a changed character in " + typo);
                }
            }
        }
    }

    @Test
    void swappedAdjacentCharactersFail() {
        String key = codec.generate("prod").plaintext();
        for (int i = 0; i + 1 < key.length(); i++) {
            if (key.charAt(i) != key.charAt(i + 1)) {
                String swapped = key.substring(0, i) + key.charAt(i + 1) + key.charAt(i) + key.substring(i + 2);
                assertFalse(codec.hasValidFormat(swapped), swapped);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"VEL_dev_", "vel-dev_", "key_dev_", "vel_Dev_", "vel_d_", "vel_1dev_",
            "vel_abcdefghijk_", "vel__", "vel_dev-1_", "vel_dev__", "dev_", "vel_"})
    void aWrongPrefixOrEnvironmentFailsEvenWithAMatchingChecksum(String head) {
        String body = "A".repeat(40);
        assertFalse(codec.hasValidFormat(head + body + ApiKeyCodec.checksum(head + body)));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 39, 41, 80})
    void aWrongBodyLengthFailsEvenWithAMatchingChecksum(int bodyLength) {
        String signed = "vel_dev_" + "b".repeat(bodyLength);
        assertFalse(codec.hasValidFormat(signed + ApiKeyCodec.checksum(signed)));
    }

    @Test
    void aTruncatedOrExtendedKeyFails() {
        String key = codec.generate("dev").plaintext();
        assertFalse(codec.hasValidFormat(key.substring(0, key.length() - 1)));
        assertFalse(codec.hasValidFormat(key + "0"));
        assertFalse(codec.hasValidFormat(" " + key));
        assertFalse(codec.hasValidFormat(key + "\n"));
    }

    @Test
    void garbageIsRejectedWithoutThrowing() {
        assertAll(
                () -> assertFalse(codec.hasValidFormat(null)),
                () -> assertFalse(codec.hasValidFormat("")),
                () -> assertFalse(codec.hasValidFormat("vel")),
                () -> assertFalse(codec.hasValidFormat("vel_dev_\uD83D\uDE00\u0000")),
                () -> assertFalse(codec.hasValidFormat("vel_dev_" + "é".repeat(46))),
                () -> assertFalse(codec.hasValidFormat("x".repeat(129))),
                () -> assertFalse(codec.hasValidFormat("x".repeat(10_000_000))));
    }

    @Test
    void candidatesLongerThan128CharsAreRejectedBeforeParsing() {
        String key = codec.generate("dev").plaintext();
        String padded = key + "\u0000".repeat(ApiKeyCodec.MAX_CANDIDATE_LENGTH + 1 - key.length());
        assertFalse(assertDoesNotThrow(() -> codec.hasValidFormat(padded)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "d", "Dev", "1dev", "de_v", "dev-1", "abcdefghijk", "dév"})
    void generateRefusesAnInvalidEnvironment(String env) {
        assertThrows(IllegalArgumentException.class, () -> codec.generate(env));
    }

    @Test
    void generateRefusesAMissingEnvironment() {
        assertThrows(IllegalArgumentException.class, () -> codec.generate(null));
    }

    @Test
    void hashIsSixtyFourLowercaseHexAndDeterministic() {
        GeneratedApiKey key = codec.generate("prod");
        assertTrue(key.hashHex().matches("[0-9a-f]{64}"), key.hashHex());
        assertEquals(key.hashHex(), codec.hashHex(key.plaintext()));
        assertEquals(codec.hashHex(key.plaintext()), new ApiKeyCodec().hashHex(key.plaintext()));
        assertNotEquals(key.hashHex(), codec.hashHex(codec.generate("prod").plaintext()));
    }

    @Test
    void hashIsSha256OfTheUtf8Bytes() {
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", codec.hashHex("abc"));
    }

    @Test
    void hashingAMissingKeyFailsWithoutEchoingAnything() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> codec.hashHex(null));
        assertFalse(e.getMessage().contains("vel_"));
    }

    @Test
    void constantTimeEqualsComparesStoredHashes() {
        String hash = codec.generate("dev").hashHex();
        String other = codec.generate("dev").hashHex();
        assertAll(
                () -> assertTrue(ApiKeyCodec.constantTimeEquals(hash, new String(hash.toCharArray()))),
                () -> assertFalse(ApiKeyCodec.constantTimeEquals(hash, other)),
                () -> assertFalse(ApiKeyCodec.constantTimeEquals(hash, hash.substring(1))),
                () -> assertFalse(ApiKeyCodec.constantTimeEquals(hash, hash.toUpperCase())),
                () -> assertFalse(ApiKeyCodec.constantTimeEquals(hash, null)),
                () -> assertFalse(ApiKeyCodec.constantTimeEquals(null, hash)),
                () -> assertFalse(ApiKeyCodec.constantTimeEquals(null, null)));
    }

    @Test
    void hintShowsOnlyTheEnvironmentAndTheLastFourCharacters() {
        GeneratedApiKey key = codec.generate("prod");
        String plaintext = key.plaintext();
        assertEquals("vel_prod_\u2026" + plaintext.substring(plaintext.length() - 4), key.hint());
        assertFalse(key.hint().contains(plaintext.substring(9, plaintext.length() - 4)));
    }

    @Test
    void toStringHidesThePlaintext() {
        GeneratedApiKey key = codec.generate("dev");
        String shown = key.toString();
        assertFalse(shown.contains(key.plaintext()), shown);
        assertFalse(shown.contains(key.plaintext().substring(8, 48)), shown);
        assertTrue(shown.contains(key.hint()), shown);
        assertTrue(shown.contains(key.hashHex()), shown);
    }

    @Test
    void tenThousandGeneratedKeysAreUnique() {
        Set<String> keys = new HashSet<>();
        Set<String> hashes = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            GeneratedApiKey key = codec.generate("dev");
            keys.add(key.plaintext());
            hashes.add(key.hashHex());
        }
        assertEquals(10_000, keys.size());
        assertEquals(10_000, hashes.size());
    }

    @Test
    void bodiesUseTheWholeBase62Alphabet() {
        Set<Character> seen = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            String key = codec.generate("dev").plaintext();
            for (char c : key.substring(8, 48).toCharArray()) {
                seen.add(c);
            }
        }
        assertEquals(62, seen.size(), () -> "saw only " + seen);
    }
}
