package sh.velocity.audit.infrastructure.drain;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;
import sh.velocity.audit.domain.drain.DrainSettings;

/**
 * The settings of one drain, {@code velocity.audit.drain.<name>.<key>}, read through MicroProfile
 * Config (so each has an environment variable, {@code VELOCITY_AUDIT_DRAIN_<NAME>_<KEY>}). A bad value
 * is an {@link IllegalArgumentException} whose message names the key, never a secret.
 */
final class DrainProperties {

    static final String PREFIX = "velocity.audit.drain.";

    private final Config config;
    private final String name;

    DrainProperties(Config config, String name) {
        this.config = config;
        this.name = name;
    }

    String name() {
        return name;
    }

    String key(String key) {
        return PREFIX + name + "." + key;
    }

    Optional<String> string(String key) {
        return config.getOptionalValue(key(key), String.class).map(String::trim).filter(v -> !v.isEmpty());
    }

    String required(String key) {
        return string(key).orElseThrow(() -> new IllegalArgumentException(key(key) + " is not set"));
    }

    int integer(String key, int defaultValue) {
        Optional<String> v = string(key);
        try {
            return v.isPresent() ? Integer.parseInt(v.get()) : defaultValue;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key(key) + " is not a number: '" + v.get() + "'");
        }
    }

    boolean flag(String key, boolean defaultValue) {
        Optional<String> v = string(key);
        if (v.isEmpty()) {
            return defaultValue;
        }
        return switch (v.get().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException(key(key) + " must be true or false, not '" + v.get() + "'");
        };
    }

    Duration duration(String key, String defaultValue) {
        String v = string(key).orElse(defaultValue);
        try {
            return DrainSettings.parseDuration(v);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key(key) + ": " + e.getMessage());
        }
    }

    /** A file's bytes; the error names the key and the path, not the content. */
    byte[] file(String key) {
        Path path = Path.of(required(key));
        try {
            return Files.readAllBytes(path);
        } catch (IOException e) {
            throw new IllegalArgumentException(key(key) + ": " + path + " cannot be read ("
                    + e.getClass().getSimpleName() + ")");
        }
    }

    /** The settings every drain has: batch-size (100), interval (5s), timeout (10s), chains (all). */
    DrainSettings settings() {
        List<String> chains = string("chains").map(v -> Arrays.asList(v.split(","))).orElse(List.of());
        try {
            return new DrainSettings(name, integer("batch-size", 100), duration("interval", "5s"),
                    duration("timeout", "10s"), chains);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(PREFIX + name + ": " + e.getMessage());
        }
    }
}
