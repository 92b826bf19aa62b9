package sh.velocity.auth.domain.password;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Which passwords a user may choose: a minimum and a maximum length, the character classes a site
 * requires, no common password and no password containing the username.
 *
 * <p>Lengths count Unicode code points, so an emoji or a letter outside the Basic Multilingual Plane
 * is one character, as the user sees it. The maximum, {@value #MAX_LENGTH}, bounds what a request can
 * make the hasher chew on. A symbol is any character that is neither a letter, a digit nor white
 * space.
 *
 * <p>Invariant: {@link #violations} names every rule the password breaks, each as the end of a
 * sentence ("must contain a digit") that a form can put after "The password", and never echoes the
 * password or any part of it, so the result can be shown, logged or audited as it is.
 */
public record PasswordPolicy(
        int minLength,
        boolean requireUpper,
        boolean requireLower,
        boolean requireDigit,
        boolean requireSymbol,
        CommonPasswords commonPasswords) {

    public static final int DEFAULT_MIN_LENGTH = 12;
    public static final int MAX_LENGTH = 1024;
    /** Shorter usernames ({@code "al"}) would refuse too many unrelated passwords to be useful. */
    public static final int MIN_USERNAME_LENGTH = 3;

    public PasswordPolicy {
        if (minLength < 1 || minLength > MAX_LENGTH) {
            throw new IllegalArgumentException("minLength must be between 1 and " + MAX_LENGTH);
        }
        Objects.requireNonNull(commonPasswords, "commonPasswords");
    }

    /** Twelve characters, all four classes, and the shipped common password list. */
    public static PasswordPolicy defaults() {
        return new PasswordPolicy(DEFAULT_MIN_LENGTH, true, true, true, true, CommonPasswords.shipped());
    }

    /**
     * Every rule {@code password} breaks for the user {@code username}; empty when it may be used.
     * A missing password breaks the length rule; a missing username skips the username rule.
     */
    public List<String> violations(String username, char[] password) {
        char[] candidate = password == null ? new char[0] : password;
        List<String> found = new ArrayList<>();
        int length = Character.codePointCount(candidate, 0, candidate.length);
        if (length < minLength) {
            found.add("must be at least " + minLength + " characters");
        }
        if (length > MAX_LENGTH) {
            found.add("must be at most " + MAX_LENGTH + " characters");
        }
        CharacterClasses classes = CharacterClasses.of(candidate);
        if (requireUpper && !classes.upper()) {
            found.add("must contain an upper-case letter");
        }
        if (requireLower && !classes.lower()) {
            found.add("must contain a lower-case letter");
        }
        if (requireDigit && !classes.digit()) {
            found.add("must contain a digit");
        }
        if (requireSymbol && !classes.symbol()) {
            found.add("must contain a symbol");
        }
        if (commonPasswords.isCommon(candidate)) {
            found.add("is on the list of common passwords");
        }
        if (containsUsername(candidate, username)) {
            found.add("must not contain the username");
        }
        return List.copyOf(found);
    }

    private static boolean containsUsername(char[] password, String username) {
        if (username == null) {
            return false;
        }
        String name = username.strip();
        if (name.codePointCount(0, name.length()) < MIN_USERNAME_LENGTH) {
            return false;
        }
        char[] needle = lowerCase(name.toCharArray());
        char[] haystack = lowerCase(password.clone());
        try {
            return indexOf(haystack, needle) >= 0;
        } finally {
            Arrays.fill(haystack, '\0');
        }
    }

    private static char[] lowerCase(char[] chars) {
        for (int i = 0; i < chars.length; i++) {
            chars[i] = Character.toLowerCase(chars[i]);
        }
        return chars;
    }

    private static int indexOf(char[] haystack, char[] needle) {
        outer:
        for (int start = 0; start + needle.length <= haystack.length; start++) {
            for (int i = 0; i < needle.length; i++) {
                if (haystack[start + i] != needle[i]) {
                    continue outer;
                }
            }
            return start;
        }
        return -1;
    }
}
