package sh.velocity.cli.command;

import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import sh.velocity.audit.domain.export.ExportFormat;
import sh.velocity.cli.io.CliFailure;
import sh.velocity.cli.io.Console;
import sh.velocity.cli.io.ExitCode;
import sh.velocity.cli.io.Progress;

/**
 * {@code velocity audit export}: downloads a chain's export. To a file, it is written beside the
 * target with mode 0600 (it names actors and addresses) and moved into place only once its end line
 * has arrived, so an interrupted download never leaves a file that looks whole. To stdout, it
 * streams, and a download that breaks off fails with exit 3. On a terminal, stderr shows how much
 * has arrived.
 */
@Command(name = "export", description = "Download an audit chain as velocity-audit-export-v1 JSON Lines.")
public final class AuditExportCommand implements Callable<Integer> {

    private static final byte[] END_PREFIX = "{\"type\":\"end\"".getBytes(StandardCharsets.UTF_8);

    private final Console console;

    @Option(names = "--schema", required = true, paramLabel = "PATH", description = "A schema path, or platform.")
    String schema;

    @Option(names = {"-f", "--file"}, paramLabel = "FILE", description = "Write to FILE (default: stdout).")
    Path file;

    @Mixin
    ServerOptions server;

    @Mixin
    OutputOptions output;

    public AuditExportCommand(Console console) {
        this.console = console;
    }

    @Override
    public Integer call() {
        String query = "/audit/export?" + AuditCommand.schemaQuery(schema);
        if (file == null || file.toString().equals("-")) {
            try (InputStream in = server.connect(console, output).getStream(query, ExportFormat.MEDIA_TYPE)) {
                copy(in, console.out(), Progress.off(console));
                console.out().flush();
            } catch (IOException e) {
                throw CliFailure.server("The export broke off: " + e.getMessage());
            }
            return ExitCode.OK;
        }
        Path target = file.toAbsolutePath();
        Tally tally;
        Path part;
        try {
            part = Files.getFileAttributeView(target.getParent(), PosixFileAttributeView.class) == null
                    ? Files.createTempFile(target.getParent(), ".velocity-export", ".part")
                    : Files.createTempFile(target.getParent(), ".velocity-export", ".part",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (IOException e) {
            throw CliFailure.usage("Cannot write in " + target.getParent() + ": " + e.getMessage());
        }
        try {
            try (InputStream in = server.connect(console, output).getStream(query, ExportFormat.MEDIA_TYPE);
                 OutputStream out = Files.newOutputStream(part);
                 Progress progress = Progress.start(console, "Exporting " + schema)) {
                tally = copy(in, out, progress);
            } catch (IOException e) {
                throw CliFailure.server("The export broke off: " + e.getMessage());
            }
            try {
                Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(part, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw CliFailure.usage("Cannot write " + target + ": " + e.getMessage());
        } finally {
            try {
                Files.deleteIfExists(part);
            } catch (IOException e) {
                console.err().println("velocity: could not remove " + part);
            }
        }
        JsonObject end = tally.endLine();
        long events = end.getJsonNumber("events").longValue();
        long checkpoints = end.getJsonNumber("checkpoints").longValue();
        output.print(console, Json.createObjectBuilder().add("chain", schema).add("file", target.toString())
                .add("bytes", tally.bytes).add("events", events).add("checkpoints", checkpoints).build(),
                () -> console.out().println("Exported " + events + " events and " + checkpoints + " checkpoints of "
                        + schema + " to " + target + " (" + tally.bytes + " bytes). Check it with: velocity audit "
                        + "verify --file " + target));
        return ExitCode.OK;
    }

    /** Copies the body, keeping its last line; fails unless that line is the export's end line. */
    private static Tally copy(InputStream in, OutputStream out, Progress progress) throws IOException {
        Tally tally = new Tally();
        byte[] buf = new byte[1 << 16];
        int n;
        while ((n = in.read(buf)) > 0) {
            out.write(buf, 0, n);
            tally.bytes += n;
            progress.update(tally.bytes / 1024, 0, "KiB");
            for (int i = 0; i < n; i++) {
                tally.line(buf[i]);
            }
        }
        if (tally.endLine() == null) {
            throw new IOException("it ended without its end line, after " + tally.bytes + " bytes");
        }
        return tally;
    }

    /** Counts bytes and keeps the current and the last complete line, for the end line's counts. */
    private static final class Tally {

        private long bytes;
        private final ByteArrayOutputStream current = new ByteArrayOutputStream();
        private byte[] last;

        void line(byte b) {
            if (b == '\n') {
                last = current.toByteArray();
                current.reset();
            } else if (current.size() < 4096) {
                current.write(b);
            }
        }

        JsonObject endLine() {
            if (last == null || current.size() > 0 || last.length < END_PREFIX.length
                    || !java.util.Arrays.equals(last, 0, END_PREFIX.length, END_PREFIX, 0, END_PREFIX.length)) {
                return null;
            }
            try (JsonReader reader = Json.createReader(new StringReader(new String(last, StandardCharsets.UTF_8)))) {
                return reader.readObject();
            } catch (JsonException e) {
                return null;
            }
        }
    }
}
