package sh.velocity.auth.domain.password;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PasswordPolicyTest {

    private static final String TOO_SHORT = "must be at least 12 characters";
    private static final String COMMON = "is on the list of common passwords";
    private static final String HAS_USERNAME = "must not contain the username";

    private final PasswordPolicy policy = PasswordPolicy.defaults();

    private List<String> violations(String username, String password) {
        return policy.violations(username, password.toCharArray());
    }

    @ParameterizedTest
    @ValueSource(strings = {"Tr0ub4dor&3-horse", "correct Horse 9 battery!", "Ωμέγα-пароль-2024", "Zebra#Quilt7Mango"})
    void strongPasswordsHaveNoViolations(String password) {
        assertEquals(List.of(), violations("alice", password));
    }

    @Test
    void theDefaultsAreTwelveCharactersAllFourClassesAndTheShippedList() {
        assertEquals(12, policy.minLength());
        assertTrue(policy.requireUpper() && policy.requireLower() && policy.requireDigit() && policy.requireSymbol());
        assertTrue(policy.commonPasswords() == CommonPasswords.shipped());
    }

    @Test
    void eachMissingClassIsNamed() {
        assertEquals(List.of("must contain an upper-case letter"), violations("alice", "zebra#quilt7mango"));
        assertEquals(List.of("must contain a lower-case letter"), violations("alice", "ZEBRA#QUILT7MANGO"));
        assertEquals(List.of("must contain a digit"), violations("alice", "Zebra#QuiltsMango"));
        assertEquals(List.of("must contain a symbol"), violations("alice", "Zebra8Quilt7Mango"));
    }

    @Test
    void everyViolatedRuleIsListedAtOnce() {
        assertEquals(List.of(TOO_SHORT, "must contain an upper-case letter", "must contain a lower-case letter",
                "must contain a digit", "must contain a symbol"), violations("alice", ""));
        assertEquals(List.of(TOO_SHORT, "must contain a symbol", COMMON), violations("alice", "Password1"));
    }

    @Test
    void aMissingPasswordBreaksTheRulesWithoutThrowing() {
        assertTrue(policy.violations("alice", null).contains(TOO_SHORT));
    }

    @Test
    void lengthIsCountedInCodePointsNotChars() {
        String elevenEmoji = "\uD83D\uDE00".repeat(11);
        assertEquals(22, elevenEmoji.length());
        PasswordPolicy lengthOnly = new PasswordPolicy(12, false, false, false, false, CommonPasswords.of(List.of()));
        assertEquals(List.of(TOO_SHORT), lengthOnly.violations(null, elevenEmoji.toCharArray()));
        assertEquals(List.of(), lengthOnly.violations(null, (elevenEmoji + "\uD83D\uDE01").toCharArray()));
    }

    @Test
    void moreThan1024CodePointsIsRefusedToBoundHashingCost() {
        String longest = "Aa1!".repeat(256);
        assertFalse(violations("alice", longest).contains("must be at most 1024 characters"));
        assertEquals(List.of("must be at most 1024 characters"), violations("alice", longest + "x"));
        String longestInEmoji = "Aa1!" + "\uD83D\uDE00".repeat(1020);
        assertEquals(List.of(), violations("alice", longestInEmoji));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Password123!", "P@ssw0rd2024!", "Qwerty!!1234", "Dragon1234567!", "Velocity2026!!"})
    void commonPasswordsAndTheirDecorationsAreRefused(String password) {
        assertEquals(List.of(COMMON), violations("alice", password));
    }

    @ParameterizedTest
    @ValueSource(strings = {"alice-Secret-42", "My#ALICE#pass9", "xxAlIcExx!!9Y"})
    void aPasswordContainingTheUsernameIsRefusedWhateverTheCase(String password) {
        assertEquals(List.of(HAS_USERNAME), violations("Alice", password));
    }

    @Test
    void usernamesShorterThanThreeCodePointsAreNotSearchedFor() {
        assertEquals(List.of(), violations("al", "Tr0ub4dor&3-horse-al"));
        assertEquals(List.of(), violations(null, "Tr0ub4dor&3-horse"));
        assertEquals(List.of(HAS_USERNAME), violations("bob", "Tr0ub4dor&3-BOB"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Summer2024!", "letmein", "hunter2", "alice", "ALICE-pass", "P@ssw0rd", "\uD83D\uDE00x9"})
    void noViolationEverEchoesThePassword(String password) {
        String lowerPassword = password.toLowerCase(Locale.ROOT);
        for (String violation : violations("alice", password)) {
            String lowerViolation = violation.toLowerCase(Locale.ROOT);
            for (int i = 0; i + 4 <= lowerPassword.length(); i++) {
                String piece = lowerPassword.substring(i, i + 4);
                assertFalse(lowerViolation.contains(piece), () -> "'" + violation + "' echoes part of the password");
            }
        }
    }

    @Test
    void aSitePolicyCanRelaxTheClassesAndUseItsOwnList() {
        PasswordPolicy relaxed = new PasswordPolicy(8, false, false, false, false, CommonPasswords.of(List.of("acme")));
        assertEquals(List.of(), relaxed.violations("bob", "abcdefgh".toCharArray()));
        assertEquals(List.of(COMMON), relaxed.violations("bob", "acme2024".toCharArray()));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, 1025})
    void anImpossibleMinimumLengthIsRefused(int minLength) {
        assertThrows(IllegalArgumentException.class,
                () -> new PasswordPolicy(minLength, true, true, true, true, CommonPasswords.of(List.of())));
    }

    @Test
    void thePasswordArrayIsNotChanged() {
        char[] password = "Zebra#Quilt7Mango-alice".toCharArray();
        policy.violations("alice", password);
        assertEquals("Zebra#Quilt7Mango-alice", new String(password));
    }
}
