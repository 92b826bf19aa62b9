package sh.velocity.kernel.secrets;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * Key material the server keeps in files (the secrets key, the JWT signing keys, the audit
 * checkpoint key): read when the
 * file exists, otherwise generated once and written owner-only with CREATE_NEW, so two replicas
 * starting together on a shared volume end up with one file, and the loser reads the winner's.
 * Production deployments provide the files (a Kubernetes secret); generating one is logged.
 */
public final class KeyFiles {

    private static final Logger LOG = Logger.getLogger(KeyFiles.class.getName());

    private KeyFiles() {
    }

    public static String readOrCreate(String location, String what, Supplier<String> generate) {
        Path file = Path.of(location).toAbsolutePath();
        try {
            if (Files.exists(file)) {
                return Files.readString(file, StandardCharsets.UTF_8);
            }
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            String content = generate.get();
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (FileAlreadyExistsException raced) {
                return Files.readString(file, StandardCharsets.UTF_8);
            }
            Files.writeString(file, content, StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
            LOG.warning("No " + what + " was configured: generated one in " + file
                    + " (owner-only). Every replica must use the same file; keep a copy with your backups.");
            return content;
        } catch (IOException e) {
            throw new UncheckedIOException("the " + what + " file " + file + " could not be read or written", e);
        }
    }
}
