package sh.velocity.auth.domain.password;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * A deny-list of passwords that attackers try first, as NIST SP 800-63B asks a verifier to keep.
 *
 * <p>A listed entry refuses, case-insensitively, the entry itself, the entry followed only by digits
 * and symbols ({@code Password123!} for {@code password}), and those spelled with the simple leetspeak
 * substitutions of {@link CommonPasswordForms} ({@code P@ssw0rd}; the list keeps each entry's own
 * leetspeak readings beside it, so {@code 7rustno1} is refused for {@code trustno1}). Entries are
 * lower-case; the shipped
 * list is the classpath resource {@value #RESOURCE}, read once per class loader by {@link #shipped()}.
 *
 * <p>Lookups wrap scratch {@code char[]}s in {@link CharBuffer}s rather than building {@code String}s,
 * so a checked password leaves no immutable copy on the heap; the scratch arrays are wiped after use.
 * Instances are immutable and thread-safe.
 */
public final class CommonPasswords {

    /** Where the shipped list lives on the classpath. */
    public static final String RESOURCE = "/sh/velocity/auth/domain/password/common-passwords.txt";

    private final Set<CharBuffer> entries;
    private final int size;
    private final int longestEntry;

    private CommonPasswords(Set<CharBuffer> entries, int size, int longestEntry) {
        this.entries = entries;
        this.size = size;
        this.longestEntry = longestEntry;
    }

    /** The list shipped with Velocity, loaded on first use. */
    public static CommonPasswords shipped() {
        return Shipped.LIST;
    }

    /** A list of the given entries (lower-cased; blank ones ignored), e.g. a site's own additions. */
    public static CommonPasswords of(Collection<String> words) {
        Set<String> listed = new HashSet<>();
        for (String word : words) {
            String entry = word.strip().toLowerCase(Locale.ROOT);
            if (!entry.isEmpty()) {
                listed.add(entry);
            }
        }
        Set<CharBuffer> entries = new HashSet<>();
        for (String entry : listed) {
            entries.add(CharBuffer.wrap(entry));
            CommonPasswordForms.leetReadings(entry, reading -> entries.add(CharBuffer.wrap(reading)));
        }
        int longest = listed.stream().mapToInt(String::length).max().orElse(0);
        return new CommonPasswords(Set.copyOf(entries), listed.size(), longest);
    }

    /**
     * Reads a list in the resource format: one entry per line, {@code #} starts a comment line.
     *
     * @throws UncheckedIOException when the stream cannot be read
     */
    static CommonPasswords read(InputStream in) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            return of(reader.lines().filter(line -> !line.startsWith("#")).toList());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the common password list", e);
        }
    }

    /** Whether {@code password} is a listed entry or one of the variants described above. */
    public boolean isCommon(char[] password) {
        if (password == null || password.length == 0) {
            return false;
        }
        return CommonPasswordForms.anyMatch(password, longestEntry,
                candidate -> entries.contains(CharBuffer.wrap(candidate)));
    }

    /** Number of entries as listed, not counting the leetspeak readings kept beside them. */
    public int size() {
        return size;
    }

    private static final class Shipped {
        static final CommonPasswords LIST = load();

        private static CommonPasswords load() {
            InputStream in = CommonPasswords.class.getResourceAsStream(RESOURCE);
            if (in == null) {
                throw new IllegalStateException("the common password list " + RESOURCE
                        + " is missing from the classpath; the domain-auth jar is incomplete");
            }
            return read(in);
        }
    }
}
