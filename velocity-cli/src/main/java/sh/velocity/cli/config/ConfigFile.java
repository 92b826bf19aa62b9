package sh.velocity.cli.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import sh.velocity.cli.io.CliFailure;
import sh.velocity.cli.io.Console;

/**
 * The profiles file, an INI-style text file:
 *
 * <pre>
 * [default]
 * url = https://velocity.example:9443
 * api-key = ...
 * ca-cert = /home/me/velocity-ca.pem
 * </pre>
 *
 * <p>Invariants: the file is only ever written whole, through a new file created with mode 0600
 * and moved into place, so no moment exists when it is readable by others or half-written; and it
 * is read only while its mode grants nothing to group or others, since a key that others could read
 * must be treated as leaked and a file that others could write could point the CLI at their server.
 * On a file system without POSIX permissions the mode is not checked.
 */
public final class ConfigFile {

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OWNER_DIRECTORY = PosixFilePermissions.fromString("rwx------");

    private final Path path;

    private ConfigFile(Path path) {
        this.path = path;
    }

    public static ConfigFile at(Path path) {
        return new ConfigFile(path);
    }

    /** {@code $XDG_CONFIG_HOME/velocity/config}, or {@code ~/.config/velocity/config}. */
    public static ConfigFile of(Console console) {
        Path base = console.env("XDG_CONFIG_HOME").map(Path::of).filter(Path::isAbsolute)
                .orElse(console.home().resolve(".config"));
        return at(base.resolve("velocity").resolve("config"));
    }

    public Path path() {
        return path;
    }

    /** The named profile; empty when the file or the profile does not exist. */
    public Optional<Profile> profile(String name) {
        Map<String, Map<String, String>> sections = read();
        Map<String, String> s = sections.get(name);
        if (s == null) {
            return Optional.empty();
        }
        return Optional.of(new Profile(name, s.get("url"), s.get("api-key"), s.get("ca-cert")));
    }

    /** Adds or replaces a profile, keeping the others. */
    public void save(Profile profile) {
        Map<String, Map<String, String>> sections = Files.exists(path) ? read() : new LinkedHashMap<>();
        Map<String, String> s = new LinkedHashMap<>();
        s.put("url", profile.url());
        s.put("api-key", profile.apiKey());
        if (profile.caCert() != null) {
            s.put("ca-cert", profile.caCert());
        }
        sections.put(profile.name(), s);
        StringBuilder text = new StringBuilder("# Velocity CLI profiles, written by `velocity login`. It holds API keys:"
                + " keep it mode 0600.\n");
        sections.forEach((name, values) -> {
            text.append('\n').append('[').append(name).append("]\n");
            values.forEach((k, v) -> text.append(k).append(" = ").append(v).append('\n'));
        });
        write(text.toString());
    }

    private void write(String text) {
        try {
            Path dir = path.toAbsolutePath().getParent();
            boolean posix = Files.getFileAttributeView(dir.getRoot(), PosixFileAttributeView.class) != null;
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(dir, posix ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(
                        OWNER_DIRECTORY)} : new FileAttribute<?>[0]);
            }
            Path tmp = posix ? Files.createTempFile(dir, ".config", ".tmp", PosixFilePermissions.asFileAttribute(OWNER_ONLY))
                    : Files.createTempFile(dir, ".config", ".tmp");
            try {
                Files.writeString(tmp, text, StandardCharsets.UTF_8);
                try {
                    Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw CliFailure.usage("Cannot write " + path + ": " + e.getMessage());
        }
    }

    private Map<String, Map<String, String>> read() {
        Map<String, Map<String, String>> sections = new LinkedHashMap<>();
        if (!Files.exists(path)) {
            return sections;
        }
        refuseUnlessPrivate();
        String text;
        try {
            text = Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw CliFailure.usage("Cannot read " + path + ": " + e.getMessage());
        }
        Map<String, String> current = null;
        int number = 0;
        for (String raw : text.split("\n", -1)) {
            number++;
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                continue;
            }
            if (line.startsWith("[") && line.endsWith("]")) {
                String name = line.substring(1, line.length() - 1).strip();
                if (!Profile.NAME.matcher(name).matches()) {
                    throw CliFailure.usage(path + " line " + number + ": '" + name + "' is not a profile name");
                }
                current = sections.computeIfAbsent(name, n -> new LinkedHashMap<>());
                continue;
            }
            int eq = line.indexOf('=');
            if (eq < 1 || current == null) {
                throw CliFailure.usage(path + " line " + number + " is neither a [profile] nor a 'key = value' line");
            }
            current.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
        }
        return sections;
    }

    private void refuseUnlessPrivate() {
        try {
            if (Files.getFileAttributeView(path, PosixFileAttributeView.class) == null) {
                return;
            }
            Set<PosixFilePermission> mode = Files.getPosixFilePermissions(path);
            Set<PosixFilePermission> open = mode.stream().filter(p -> p.name().startsWith("GROUP")
                    || p.name().startsWith("OTHERS")).collect(java.util.stream.Collectors.toSet());
            if (!open.isEmpty()) {
                throw CliFailure.usage("Refusing to read " + path + ": it holds API keys but its mode is "
                        + PosixFilePermissions.toString(mode) + ", so group or others may read or change it. Run: chmod 600 "
                        + path);
            }
        } catch (IOException e) {
            throw CliFailure.usage("Cannot read the permissions of " + path + ": " + e.getMessage());
        }
    }
}
