package sh.velocity.kernel.masking;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class MaskerTest {

    private static final String CARD = "4111111111111111";

    private static byte[] key(int fill) {
        byte[] key = new byte[Masker.MIN_HASH_KEY_BYTES];
        Arrays.fill(key, (byte) fill);
        return key;
    }

    @Nested
    class Partial {

        @Test
        void keepsOnlyTheLastVisibleChars() {
            assertEquals("************1111", Masker.mask(CARD, MaskingStrategy.PARTIAL, 4));
        }

        @Test
        void masksEverythingWhenTheValueIsNotLongerThanTheVisibleTail() {
            assertAll(
                    () -> assertEquals("****", Masker.mask("1234", MaskingStrategy.PARTIAL, 4)),
                    () -> assertEquals("***", Masker.mask("123", MaskingStrategy.PARTIAL, 4)),
                    () -> assertEquals("*", Masker.mask("x", MaskingStrategy.PARTIAL, 1)),
                    () -> assertEquals("", Masker.mask("", MaskingStrategy.PARTIAL, 4)));
        }

        @Test
        void zeroVisibleCharsMasksEverything() {
            assertEquals("*".repeat(16), Masker.mask(CARD, MaskingStrategy.PARTIAL, 0));
        }

        @Test
        void negativeVisibleCharsIsClampedToZero() {
            assertEquals("*".repeat(16), Masker.mask(CARD, MaskingStrategy.PARTIAL, -5));
            assertEquals("*".repeat(16), Masker.mask(CARD, MaskingStrategy.PARTIAL, Integer.MIN_VALUE));
        }

        @Test
        void visibleCharsIsClampedToSixtyFour() {
            String value = "a".repeat(36) + "b".repeat(64);
            assertEquals("*".repeat(36) + "b".repeat(64), Masker.mask(value, MaskingStrategy.PARTIAL, 1000));
            assertEquals("*".repeat(36) + "b".repeat(64),
                    Masker.mask(value, MaskingStrategy.PARTIAL, Integer.MAX_VALUE));
        }

        @Test
        void aValueOfSixtyFourCharsIsFullyMaskedEvenWithAHugeVisibleCount() {
            assertEquals("*".repeat(64), Masker.mask("z".repeat(64), MaskingStrategy.PARTIAL, 1000));
        }

        @Test
        void countsEmojiAsOneCharacterAndNeverSplitsASurrogatePair() {
            String emoji = "\uD83D\uDE00";
            String value = "ab" + emoji + "c" + emoji;
            String masked = Masker.mask(value, MaskingStrategy.PARTIAL, 2);
            assertEquals("***c" + emoji, masked);
            assertEquals(value.codePointCount(0, value.length()), masked.codePointCount(0, masked.length()));
            assertEquals("*" + emoji, Masker.mask(emoji + emoji, MaskingStrategy.PARTIAL, 1));
            assertEquals("**", Masker.mask(emoji + emoji, MaskingStrategy.PARTIAL, 2));
            assertTrue(masked.codePoints().noneMatch(
                    cp -> cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE), "no lone surrogate");
        }

        @Test
        void countsCombiningMarksAsSeparateCodePoints() {
            String value = "e\u0301te\u0301";
            assertEquals("****\u0301", Masker.mask(value, MaskingStrategy.PARTIAL, 1));
            assertEquals("***e\u0301", Masker.mask(value, MaskingStrategy.PARTIAL, 2));
        }
    }

    @Nested
    class Full {

        @Test
        void isTheSameFixedMaskWhateverTheLength() {
            assertAll(
                    () -> assertEquals("********", Masker.mask("x", MaskingStrategy.FULL, 4)),
                    () -> assertEquals("********", Masker.mask(CARD, MaskingStrategy.FULL, 4)),
                    () -> assertEquals("********", Masker.mask("y".repeat(500), MaskingStrategy.FULL, 64)),
                    () -> assertEquals("********", Masker.mask("", MaskingStrategy.FULL, 0)));
        }
    }

    @Nested
    class Hash {

        @Test
        void theStaticApiRefusesHashBecauseItHasNoKey() {
            assertThrows(IllegalArgumentException.class, () -> Masker.mask(CARD, MaskingStrategy.HASH, 0));
            assertThrows(IllegalArgumentException.class, () -> Masker.mask(null, MaskingStrategy.HASH, 0));
        }

        @Test
        void isAPrefixedSixteenHexCharDigest() {
            String hashed = new Masker(key(7)).apply(CARD, MaskingStrategy.HASH, 4);
            assertTrue(hashed.matches("sha256:[0-9a-f]{16}"), hashed);
            assertFalse(hashed.contains("1111"));
        }

        @Test
        void isDeterministicUnderOneKeyAndDiffersAcrossKeys() {
            Masker masker = new Masker(key(7));
            assertEquals(masker.apply(CARD, MaskingStrategy.HASH, 0), masker.apply(CARD, MaskingStrategy.HASH, 9));
            assertEquals(masker.apply(CARD, MaskingStrategy.HASH, 0),
                    new Masker(key(7)).apply(CARD, MaskingStrategy.HASH, 0));
            assertNotEquals(masker.apply(CARD, MaskingStrategy.HASH, 0),
                    new Masker(key(8)).apply(CARD, MaskingStrategy.HASH, 0));
            assertNotEquals(masker.apply(CARD, MaskingStrategy.HASH, 0),
                    masker.apply("4111111111111112", MaskingStrategy.HASH, 0));
        }

        @Test
        void isHmacSha256AsInRfc4231TestCase6() {
            byte[] key = new byte[131];
            Arrays.fill(key, (byte) 0xaa);
            String data = "Test Using Larger Than Block-Size Key - Hash Key First";
            assertEquals("sha256:60e431591ee0b67f", new Masker(key).apply(data, MaskingStrategy.HASH, 0));
        }

        @Test
        void isNotAPlainSha256OfTheValue() throws Exception {
            byte[] plain = MessageDigest.getInstance("SHA-256").digest(CARD.getBytes(StandardCharsets.UTF_8));
            String unsalted = "sha256:" + HexFormat.of().formatHex(plain, 0, 8);
            assertNotEquals(unsalted, new Masker(key(0)).apply(CARD, MaskingStrategy.HASH, 0));
        }

        @Test
        void refusesAMissingOrShortKey() {
            assertThrows(IllegalArgumentException.class, () -> new Masker(null));
            assertThrows(IllegalArgumentException.class, () -> new Masker(new byte[0]));
            assertThrows(IllegalArgumentException.class, () -> new Masker(new byte[Masker.MIN_HASH_KEY_BYTES - 1]));
        }

        @Test
        void copiesTheKeySoTheCallerMayWipeItsArray() {
            byte[] key = key(7);
            Masker masker = new Masker(key);
            String before = masker.apply(CARD, MaskingStrategy.HASH, 0);
            Arrays.fill(key, (byte) 0);
            assertEquals(before, masker.apply(CARD, MaskingStrategy.HASH, 0));
        }

        @Test
        void instanceApiMasksPartialAndFullLikeTheStaticApi() {
            Masker masker = new Masker(key(1));
            assertEquals("************1111", masker.apply(CARD, MaskingStrategy.PARTIAL, 4));
            assertEquals(Masker.FULL_MASK, masker.apply(CARD, MaskingStrategy.FULL, 4));
        }
    }

    @Nested
    class Null {

        @ParameterizedTest
        @EnumSource(value = MaskingStrategy.class, names = {"PARTIAL", "FULL"})
        void staysNullWithTheStaticApi(MaskingStrategy strategy) {
            assertNull(Masker.mask(null, strategy, 4));
        }

        @ParameterizedTest
        @EnumSource(MaskingStrategy.class)
        void staysNullWithTheInstanceApi(MaskingStrategy strategy) {
            assertNull(new Masker(key(3)).apply(null, strategy, 4));
        }

        @Test
        void aMissingStrategyIsRefused() {
            assertThrows(NullPointerException.class, () -> Masker.mask(CARD, null, 4));
            assertThrows(NullPointerException.class, () -> new Masker(key(3)).apply(CARD, null, 4));
        }
    }

    @Nested
    class MaskAll {

        @Test
        void replacesEveryOccurrenceOfEverySecretWithTheFullMask() {
            String line = "charge failed for card 4111111111111111 (retry 4111111111111111), user ssn 078-05-1120";
            String masked = Masker.maskAll(line, List.of(CARD, "078-05-1120"));
            assertEquals("charge failed for card ******** (retry ********), user ssn ********", masked);
        }

        @Test
        void replacesTheLongestSecretWholeWhenSecretsOverlap() {
            assertEquals("card ******** end", Masker.maskAll("card 4111111111111111 end", List.of("1111", CARD)));
            assertEquals("card ******** end", Masker.maskAll("card 4111111111111111 end", List.of(CARD, "1111")));
        }

        @Test
        void ignoresSecretsShorterThanFourCodePoints() {
            assertEquals("id 123 of 1234", Masker.maskAll("id 123 of 1234", List.of("123")));
            assertEquals("id 123 of ********", Masker.maskAll("id 123 of 1234", List.of("123", "1234")));
            String emoji = "\uD83D\uDE00";
            assertEquals("x" + emoji.repeat(3), Masker.maskAll("x" + emoji.repeat(3), List.of(emoji.repeat(3))));
            assertEquals("x********", Masker.maskAll("x" + emoji.repeat(4), List.of(emoji.repeat(4))));
        }

        @Test
        void treatsSecretsAsLiteralTextNotAsPatterns() {
            assertEquals("pw ******** and a-b-c-d", Masker.maskAll("pw a.b*c+d$1 and a-b-c-d", List.of("a.b*c+d$1")));
            assertEquals("pw ******** x", Masker.maskAll("pw \\Q\\E$0 x", List.of("\\Q\\E$0")));
        }

        @Test
        void leavesTextWithoutSecretsAlone() {
            String line = "nothing to hide";
            assertSame(line, Masker.maskAll(line, List.of()));
            assertSame(line, Masker.maskAll(line, null));
            assertEquals(line, Masker.maskAll(line, Set.of("absent-secret")));
            assertEquals(line, Masker.maskAll(line, Arrays.asList(null, "ab")));
        }

        @Test
        void nullTextStaysNull() {
            assertNull(Masker.maskAll(null, List.of(CARD)));
        }
    }
}
