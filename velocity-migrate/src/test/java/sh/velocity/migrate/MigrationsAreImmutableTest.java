package sh.velocity.migrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A migration that has been committed may have run somewhere: changing it breaks Flyway's
 * checksum validation on every database it ran on (and would change a schema silently). Every
 * migration's SHA-256 is pinned in {@code migration-checksums.txt}; an edit fails here, and a new
 * migration must be added to the list on purpose.
 */
class MigrationsAreImmutableTest {

    @Test
    void everyMigrationMatchesItsPinnedChecksum() throws Exception {
        Map<String, String> pinned = new TreeMap<>();
        for (String line : Files.readAllLines(Path.of("src/test/resources/migration-checksums.txt"))) {
            if (!line.isBlank() && !line.startsWith("#")) {
                String[] parts = line.trim().split("\\s+");
                pinned.put(parts[0], parts[1]);
            }
        }
        Map<String, String> actual = migrations();
        assertTrue(actual.size() >= 6, "found the migrations: " + actual.keySet());
        for (Map.Entry<String, String> e : actual.entrySet()) {
            assertTrue(pinned.containsKey(e.getKey()), "new migration " + e.getKey()
                    + ": add '" + e.getKey() + " " + e.getValue() + "' to migration-checksums.txt");
            assertEquals(pinned.get(e.getKey()), e.getValue(), e.getKey()
                    + " was changed after it was committed; add a new migration instead");
        }
        assertEquals(pinned.keySet(), actual.keySet(), "a pinned migration was removed");
    }

    /** context/file → SHA-256, from every module's src/main/resources/db/migration. */
    static Map<String, String> migrations() throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> modules = Files.list(Path.of(".."))) {
            for (Path dir : modules.map(m -> m.resolve("src/main/resources/db/migration")).filter(Files::isDirectory)
                    .toList()) {
                try (Stream<Path> files = Files.walk(dir, 2)) {
                    for (Path f : files.filter(p -> p.getFileName().toString().matches("V\\d+__.*\\.sql")).toList()) {
                        out.put(f.getParent().getFileName() + "/" + f.getFileName(), sha256(f));
                    }
                }
            }
        }
        return out;
    }

    private static String sha256(Path f) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
