package sh.velocity.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sh.velocity.cli.config.ConfigFile;
import sh.velocity.cli.config.Profile;
import sh.velocity.cli.io.Console;

/** The profiles file holds API keys: written 0600 in a 0700 directory, refused when others may read it. */
class ConfigFileTest {

    private static final String KEY = "vk_test_0123456789abcdef";

    @TempDir
    Path dir;

    private Console console(Map<String, String> env) {
        return new Console(System.out, System.err, env, false);
    }

    @Test
    void savedOwnerOnlyUnderXdgConfigHomeKeepingOtherProfiles() throws IOException {
        Path xdg = dir.resolve("xdg");
        ConfigFile config = ConfigFile.of(console(Map.of("HOME", dir.toString(), "XDG_CONFIG_HOME", xdg.toString())));
        assertEquals(xdg.resolve("velocity/config"), config.path());
        config.save(new Profile("default", "https://a.example", KEY, null));
        config.save(new Profile("staging", "https://b.example", "other-key", "/etc/ca.pem"));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(config.path())));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(config.path().getParent())));
        assertEquals(KEY, config.profile("default").orElseThrow().apiKey());
        assertEquals("/etc/ca.pem", config.profile("staging").orElseThrow().caCert());
        assertFalse(config.profile("default").orElseThrow().toString().contains(KEY), "toString hides the key");
    }

    @Test
    void withoutXdgConfigHomeItLivesInDotConfig() {
        assertEquals(dir.resolve(".config/velocity/config"), ConfigFile.of(console(Map.of("HOME", dir.toString()))).path());
    }

    @Test
    void aGroupOrWorldReadableConfigIsRefusedWithAClearMessageAndNoKey() throws IOException {
        Map<String, String> env = Map.of("HOME", dir.toString());
        ConfigFile config = ConfigFile.of(console(env));
        config.save(new Profile("default", "http://127.0.0.1:9", KEY, null));
        for (String mode : new String[] {"rw-r--r--", "rw----r--", "rw-rw----"}) {
            Files.setPosixFilePermissions(config.path(), PosixFilePermissions.fromString(mode));
            CliRun r = CliRun.run(env, "audit", "verify", "--schema", "platform");
            assertEquals(2, r.exit(), r.toString());
            assertTrue(r.err().contains("Refusing to read " + config.path()) && r.err().contains("chmod 600"), r.err());
            assertFalse(r.out().contains(KEY) || r.err().contains(KEY), r.toString());
        }
    }

    @Test
    void theEnvironmentOverridesTheConfigWhichIsThenNotRead() throws IOException {
        Map<String, String> env = Map.of("HOME", dir.toString());
        ConfigFile config = ConfigFile.of(console(env));
        config.save(new Profile("default", "http://127.0.0.1:9", KEY, null));
        Files.setPosixFilePermissions(config.path(), PosixFilePermissions.fromString("rw-r--r--"));
        CliRun r = CliRun.run(Map.of("HOME", dir.toString(), "VELOCITY_URL", "http://127.0.0.1:1",
                "VELOCITY_API_KEY", "from-env"), "audit", "verify", "--schema", "platform");
        assertEquals(3, r.exit(), "reached for the server named in the environment: " + r);
        assertTrue(r.err().contains("http://127.0.0.1:1"), r.err());
    }
}
