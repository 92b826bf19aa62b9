package sh.velocity.records.infrastructure.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sh.velocity.records.domain.encryption.KeyProvider.KeyUnavailable;

class ConfiguredKeyProviderTest {

    @TempDir
    Path dir;

    @Test
    void wrapsAndUnwrapsUnderTheConfiguredKek() throws Exception {
        ConfiguredKeyProvider provider = provider(kek("a", 32), List.of());
        assertTrue(provider.usable());
        byte[] dek = random(32);
        byte[] wrapped = provider.wrap(dek, "acme|1");
        assertEquals(12 + 32 + 16, wrapped.length);
        assertArrayEquals(dek, provider.unwrap(wrapped, provider.currentKekId(), "acme|1"));
        assertTrue(provider.currentKekId().matches("[0-9a-f]{16}"));
    }

    @Test
    void aWrappedKeyIsBoundToItsOrganisationAndVersion() throws Exception {
        ConfiguredKeyProvider provider = provider(kek("a", 32), List.of());
        byte[] wrapped = provider.wrap(random(32), "acme|1");
        assertThrows(KeyUnavailable.class, () -> provider.unwrap(wrapped, provider.currentKekId(), "evil|1"));
        assertThrows(KeyUnavailable.class, () -> provider.unwrap(wrapped, provider.currentKekId(), "acme|2"));
        wrapped[20] ^= 1;
        assertThrows(KeyUnavailable.class, () -> provider.unwrap(wrapped, provider.currentKekId(), "acme|1"));
    }

    @Test
    void aKeyWrappedUnderAnotherKekOpensOnlyWhileThatKekIsKept() throws Exception {
        Path oldKek = kek("old", 32);
        ConfiguredKeyProvider before = provider(oldKek, List.of());
        byte[] dek = random(32);
        byte[] wrapped = before.wrap(dek, "acme|1");
        ConfiguredKeyProvider rotated = provider(kek("new", 32), List.of(oldKek.toString()));
        assertNotEquals(before.currentKekId(), rotated.currentKekId());
        assertArrayEquals(dek, rotated.unwrap(wrapped, before.currentKekId(), "acme|1"));
        ConfiguredKeyProvider forgotten = provider(kek("new2", 32), List.of());
        KeyUnavailable e = assertThrows(KeyUnavailable.class,
                () -> forgotten.unwrap(wrapped, before.currentKekId(), "acme|1"));
        assertTrue(e.getMessage().contains(before.currentKekId()));
    }

    @Test
    void aMissingShortOrMalformedKekLeavesTheProviderUnusableAndSaysWhy() throws IOException {
        ConfiguredKeyProvider missing = new ConfiguredKeyProvider();
        missing.kekFile = Optional.empty();
        missing.previousKekFiles = Optional.empty();
        missing.load();
        assertFalse(missing.usable());
        assertTrue(missing.problem().orElseThrow().contains("velocity.encryption.kek-file"));
        assertThrows(IllegalStateException.class, () -> missing.wrap(random(32), "acme|1"));

        Path shortKek = kek("short", 16);
        ConfiguredKeyProvider tooShort = provider(shortKek, List.of());
        assertFalse(tooShort.usable());
        String why = tooShort.problem().orElseThrow();
        assertTrue(why.contains("32"), why);
        assertFalse(why.contains(Files.readString(shortKek).strip()), "the key itself is never in the message");

        Path garbage = dir.resolve("garbage.key");
        Files.writeString(garbage, "not base64 at all!");
        assertFalse(provider(garbage, List.of()).usable());
        assertFalse(provider(dir.resolve("absent.key"), List.of()).usable());
    }

    private ConfiguredKeyProvider provider(Path kek, List<String> previous) {
        ConfiguredKeyProvider p = new ConfiguredKeyProvider();
        p.kekFile = Optional.of(kek.toString());
        p.previousKekFiles = Optional.of(previous);
        p.load();
        return p;
    }

    private Path kek(String name, int bytes) throws IOException {
        Path file = dir.resolve(name + ".key");
        Files.writeString(file, Base64.getEncoder().encodeToString(random(bytes)) + "\n");
        return file;
    }

    private static byte[] random(int n) {
        byte[] b = new byte[n];
        new SecureRandom().nextBytes(b);
        return b;
    }
}
