package sh.velocity.auth.domain.password;

import java.nio.CharBuffer;
import java.util.Arrays;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The spellings of a password that {@link CommonPasswords} looks up: the lower-cased password, each
 * prefix of it that is followed only by non-letters (digits, symbols), and the leetspeak readings of
 * each of those ({@code 0→o, 1→i or l, 3→e, 4→a, 5→s, 7→t, @→a, $→s}). The list holds the readings
 * of its own entries too, so {@code 7rustno1} meets {@code trustno1} at {@code trustnoi}.
 *
 * <p>Work is bounded whatever the input: prefixes longer than the longest entry are not looked up,
 * and a prefix with more than {@value #MAX_AMBIGUOUS_ONES} {@code 1}s is read as all-{@code i} and
 * all-{@code l} instead of trying every mix. Scratch arrays are wiped before returning.
 */
final class CommonPasswordForms {

    static final int MAX_AMBIGUOUS_ONES = 6;

    private CommonPasswordForms() {
    }

    /** Whether {@code listed} accepts any form of {@code password} no longer than {@code longestEntry}. */
    static boolean anyMatch(char[] password, int longestEntry, Predicate<CharBuffer> listed) {
        char[] lower = new char[password.length];
        char[] leet = new char[password.length];
        try {
            for (int i = 0; i < password.length; i++) {
                lower[i] = Character.toLowerCase(password[i]);
            }
            for (int end = lower.length; end > 0; end--) {
                if (end <= longestEntry && (listed.test(CharBuffer.wrap(lower, 0, end))
                        || anyLeetReading(lower, end, leet, listed))) {
                    return true;
                }
                if (Character.isLetter(lower[end - 1])) {
                    return false;
                }
            }
            return false;
        } finally {
            Arrays.fill(lower, '\0');
            Arrays.fill(leet, '\0');
        }
    }

    /** Hands {@code visit} every leetspeak reading of {@code word} (none if it has no substitutable character). */
    static void leetReadings(String word, Consumer<String> visit) {
        char[] chars = word.toCharArray();
        anyLeetReading(chars, chars.length, new char[chars.length], reading -> {
            visit.accept(reading.toString());
            return false;
        });
    }

    private static boolean anyLeetReading(char[] lower, int end, char[] leet, Predicate<CharBuffer> listed) {
        boolean substituted = false;
        int ones = 0;
        for (int i = 0; i < end; i++) {
            char plain = plain(lower[i]);
            substituted |= plain != lower[i];
            ones += lower[i] == '1' ? 1 : 0;
            leet[i] = plain;
        }
        if (!substituted) {
            return false;
        }
        if (ones > MAX_AMBIGUOUS_ONES) {
            return readOnesAs(lower, end, leet, 0, listed) || readOnesAs(lower, end, leet, -1, listed);
        }
        for (int mask = 0; mask < 1 << ones; mask++) {
            if (readOnesAs(lower, end, leet, mask, listed)) {
                return true;
            }
        }
        return false;
    }

    /** Bit k of {@code mask} set reads the k-th {@code 1} as {@code l}, clear as {@code i}. */
    private static boolean readOnesAs(char[] lower, int end, char[] leet, int mask, Predicate<CharBuffer> listed) {
        int k = 0;
        for (int i = 0; i < end; i++) {
            if (lower[i] == '1') {
                leet[i] = (mask >>> Math.min(k++, 31) & 1) == 1 ? 'l' : 'i';
            }
        }
        return listed.test(CharBuffer.wrap(leet, 0, end));
    }

    private static char plain(char c) {
        return switch (c) {
            case '0' -> 'o';
            case '1' -> 'i';
            case '3' -> 'e';
            case '4', '@' -> 'a';
            case '5', '$' -> 's';
            case '7' -> 't';
            default -> c;
        };
    }
}
