package sh.velocity.auth.domain.password;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CommonPasswordsTest {

    private final CommonPasswords shipped = CommonPasswords.shipped();

    private boolean common(String password) {
        return shipped.isCommon(password.toCharArray());
    }

    @Test
    void theShippedListIsLoadedOnce() {
        assertSame(shipped, CommonPasswords.shipped());
        assertTrue(shipped.size() >= 500, () -> "only " + shipped.size() + " entries");
    }

    @ParameterizedTest
    @ValueSource(strings = {"password", "PASSWORD", "QwErTy", "letmein", "iloveyou", "123456", "velocity",
            "january", "winter", "1q2w3e4r", "1990", "2030"})
    void listedEntriesAreRefusedWhateverTheCase(String password) {
        assertTrue(common(password), password);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Password123!", "dragon!!", "123456!", "velocity2026", "Summer2024#", "monkey_99",
            "Football 1"})
    void anEntryFollowedOnlyByDigitsAndSymbolsIsRefused(String password) {
        assertTrue(common(password), password);
    }

    @ParameterizedTest
    @ValueSource(strings = {"P@ssw0rd", "p4ssw0rd!", "1L0V3Y0U", "l3tm31n", "$unsh1n3", "m0nk3y2024",
            "dr@g0n", "w3lc0m3!!", "5ecret", "7rustno1", "hell0"})
    void leetspeakSpellingsAreRefused(String password) {
        assertTrue(common(password), password);
    }

    @ParameterizedTest
    @ValueSource(strings = {"correct horse battery staple", "Tr0ub4dor&3", "xpassword", "passwordmanager",
            "zebra quilt mango", "", "\uD83D\uDE00\uD83D\uDE00"})
    void otherPasswordsAreNotRefused(String password) {
        assertFalse(common(password), password);
    }

    @Test
    void theOneReadAsIOrLIsTriedBothWays() {
        CommonPasswords list = CommonPasswords.of(List.of("lilli"));
        assertTrue(list.isCommon("1i1li".toCharArray()));
        assertTrue(list.isCommon("l1ll1".toCharArray()));
        assertTrue(list.isCommon("11111".toCharArray()));
        assertFalse(list.isCommon("1111".toCharArray()));
    }

    @Test
    void longHostileInputIsCheckedQuickly() {
        char[] ones = "1".repeat(1_000_000).toCharArray();
        char[] mixed = "1@3$".repeat(250_000).toCharArray();
        assertTimeoutPreemptively(Duration.ofSeconds(2), () -> {
            assertTrue(shipped.isCommon(ones));
            assertFalse(shipped.isCommon(mixed));
        });
    }

    @Test
    void aCustomListIsLowerCasedAndIgnoresBlankEntries() {
        CommonPasswords list = CommonPasswords.of(List.of("  AcMe ", "", "   "));
        assertEquals(1, list.size());
        assertTrue(list.isCommon("ACME!1".toCharArray()));
        assertFalse(list.isCommon(null));
    }

    @Test
    void theResourceFormatSkipsCommentsAndBlankLines() {
        String text = "# a comment\n\nfirst\n#second\nthird\n";
        CommonPasswords list = CommonPasswords.read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
        assertEquals(2, list.size());
        assertFalse(list.isCommon("#second".toCharArray()));
        assertFalse(list.isCommon("a comment".toCharArray()));
    }

    @Test
    void theShippedFileIsAtLeast500UniqueLowerCaseEntriesWithItsProvenance() throws IOException {
        List<String> lines;
        try (InputStream in = CommonPasswords.class.getResourceAsStream(CommonPasswords.RESOURCE)) {
            lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
        String header = String.join("\n", lines.subList(0, 6));
        assertTrue(header.contains("Velocity team") && header.contains("not copied from a breach corpus"), header);
        List<String> entries = lines.stream().filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
        Set<String> unique = new HashSet<>();
        for (String entry : entries) {
            assertEquals(entry.strip().toLowerCase(Locale.ROOT), entry, "not trimmed lower-case");
            assertTrue(unique.add(entry), () -> "duplicate entry " + entry);
        }
        assertTrue(entries.size() >= 500, () -> "only " + entries.size() + " entries");
        for (int year = 1990; year <= 2030; year++) {
            assertTrue(unique.contains(Integer.toString(year)), "year " + year);
        }
        assertTrue(unique.containsAll(List.of("velocity", "qwerty", "password", "letmein", "iloveyou", "dragon",
                "monkey", "football", "welcome", "admin", "spring", "summer", "autumn", "winter", "december")));
        assertEquals(unique.size(), shipped.size());
    }
}
