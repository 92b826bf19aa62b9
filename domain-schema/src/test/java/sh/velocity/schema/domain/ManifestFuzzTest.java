package sh.velocity.schema.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import sh.velocity.kernel.problem.ErrorCode;
import sh.velocity.kernel.problem.FieldError;
import sh.velocity.kernel.problem.VelocityException;

/**
 * Random mutations of valid manifests: whatever comes in, the parser either returns an admitted
 * manifest or throws INVALID_MANIFEST with bounded, printable messages; nothing else ever escapes.
 * Seeds are fixed so a failure reproduces.
 */
class ManifestFuzzTest {

    private static final String[] VALUES = {
        "[1, 2]", "{a: 1}", "123", "-1", "0", "3.5", "1e9", ".inf", "true", "no", "null", "~", "\"\"", "''",
        "*a", "&a x", "!!binary aGVsbG8=", "!!set {a, b}", "2026-01-01", "2026-01-01T10:00:00Z", "!!float 1",
        "\"\\u0000\"", "\"\\uD800\"", "0x7FFFFFFFFFFF", "99999999999999999999", "\"" + "x".repeat(200) + "\"",
        "!!javax.script.ScriptEngineManager []", "!foo bar", "<<: *a", "? [a]", "|\n  block", ">-\n  folded",
        "[", "{", "\"unterminated", "'it''s'", "string", "text", "decimal", "pii", "partial", "v1", "id",
    };
    private static final String SPECIALS = ":-[]{}&*!|>'\"#%@`, \t\n?\\";

    private final ManifestParser parser = new ManifestParser();

    @Test
    void mutatedYamlOnlyEverYieldsAManifestOrInvalidManifest() {
        String example = Manifests.exampleText();
        Random random = new Random(20_260_101L);
        int accepted = 0;
        for (int i = 0; i < 400; i++) {
            String text = example;
            int mutations = 1 + random.nextInt(3);
            for (int m = 0; m < mutations; m++) {
                text = mutate(text, random);
            }
            if (check(text)) {
                accepted++;
            }
        }
        assertTrue(accepted > 0 && accepted < 400, "mutations should both keep and break manifests: " + accepted);
    }

    @Test
    void mutatedCanonicalJsonOnlyEverYieldsAManifestOrInvalidManifest() {
        String json = Manifests.example().toCanonicalJson();
        Random random = new Random(7L);
        for (int i = 0; i < 200; i++) {
            char[] chars = json.toCharArray();
            for (int m = 0; m < 1 + random.nextInt(3); m++) {
                chars[random.nextInt(chars.length)] = SPECIALS.charAt(random.nextInt(SPECIALS.length()));
            }
            check(new String(chars));
        }
    }

    /** True when accepted; fails the test on anything but success or INVALID_MANIFEST. */
    private boolean check(String text) {
        try {
            SchemaManifest manifest = parser.parse(text);
            assertEquals(List.of(), new ManifestAdmission().violations(manifest));
            assertEquals(manifest, parser.parse(manifest.toCanonicalJson()), "canonical round trip of:\n" + text);
            return true;
        } catch (VelocityException e) {
            assertEquals(ErrorCode.INVALID_MANIFEST, e.code(), text);
            assertFalse(e.errors().isEmpty(), text);
            assertTrue(e.getMessage().length() < 2_000, e::getMessage);
            for (FieldError error : e.errors()) {
                assertTrue(error.message().length() < 400, error::message);
                assertTrue(error.message().codePoints().noneMatch(Character::isISOControl), error::message);
            }
            return false;
        } catch (Throwable t) {
            fail("unexpected " + t + " for input:\n" + text, t);
            return false;
        }
    }

    private static String mutate(String text, Random random) {
        List<String> lines = new ArrayList<>(Arrays.asList(text.split("\n", -1)));
        int line = random.nextInt(lines.size());
        switch (random.nextInt(7)) {
            case 0 -> lines.remove(line);
            case 1 -> lines.add(line, lines.get(line));
            case 2 -> {
                String l = lines.get(line);
                int colon = l.indexOf(": ");
                if (colon >= 0) {
                    lines.set(line, l.substring(0, colon + 2) + VALUES[random.nextInt(VALUES.length)]);
                }
            }
            case 3 -> lines.set(line, " ".repeat(random.nextInt(4)) + lines.get(line).stripLeading());
            default -> {
                if (text.length() < 2) {
                    return text;
                }
                char[] chars = text.toCharArray();
                int at = random.nextInt(chars.length - 1);
                if (random.nextBoolean()) {
                    char swap = chars[at];
                    chars[at] = chars[at + 1];
                    chars[at + 1] = swap;
                } else {
                    chars[at] = SPECIALS.charAt(random.nextInt(SPECIALS.length()));
                }
                return new String(chars);
            }
        }
        return String.join("\n", lines);
    }
}
