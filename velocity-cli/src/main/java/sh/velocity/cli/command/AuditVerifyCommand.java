package sh.velocity.cli.command;

import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import sh.velocity.audit.domain.export.ExportVerification;
import sh.velocity.audit.domain.export.ExportVerifier;
import sh.velocity.audit.domain.export.KeyTrust;
import sh.velocity.audit.domain.merkle.CheckpointVerifier;
import sh.velocity.cli.io.CliFailure;
import sh.velocity.cli.io.Console;
import sh.velocity.cli.io.ExitCode;
import sh.velocity.cli.io.Verdict;

/**
 * {@code velocity audit verify}: asks the server to re-compute a chain ({@code --schema}), or checks
 * an export file without any network ({@code --file}), against the keys pinned with
 * {@code --trusted-key} when given. Exit 1 when the chain is invalid.
 */
@Command(name = "verify", description = "Verify an audit chain on the server (--schema) or an export file offline (--file).")
public final class AuditVerifyCommand implements Callable<Integer> {

    private final Console console;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    @Option(names = "--trusted-key", paramLabel = "FILE|BASE64",
            description = "With --file: accept checkpoints signed only by this key (repeatable). A file holding the "
                    + "key document of /.well-known/velocity-audit-key.json or a base64 X.509 Ed25519 key, or the base64 itself.")
    List<String> trustedKeys = new ArrayList<>();

    @Mixin
    ServerOptions server;

    @Mixin
    OutputOptions output;

    public AuditVerifyCommand(Console console) {
        this.console = console;
    }

    /** Where the chain comes from: exactly one of the two. */
    static final class Source {
        @Option(names = "--schema", paramLabel = "PATH", required = true,
                description = "Verify on the server: a schema path, or platform.")
        String schema;

        @Option(names = "--file", paramLabel = "EXPORT.jsonl", required = true,
                description = "Verify an export offline ('-' for stdin).")
        String file;
    }

    @Override
    public Integer call() {
        Verdict verdict;
        if (source.file != null) {
            verdict = Verdict.ofExport(verifyFile(source.file, trust()));
        } else {
            if (!trustedKeys.isEmpty()) {
                throw CliFailure.usage("--trusted-key applies to --file; the server uses its own keys.");
            }
            String query = "/audit/verify?" + AuditCommand.schemaQuery(source.schema);
            JsonObject answer = server.connect(console, output).getJson(query);
            verdict = Verdict.ofServer(answer);
        }
        output.print(console, verdict.json(), () -> {
            String headline = verdict.headline();
            console.out().println(verdict.valid() ? console.green(headline) : console.red(headline));
            verdict.details().forEach(console.out()::println);
        });
        return verdict.valid() ? ExitCode.OK : ExitCode.CHECK_FAILED;
    }

    private ExportVerification verifyFile(String file, KeyTrust trust) {
        ExportVerifier verifier = new ExportVerifier(trust);
        if ("-".equals(file)) {
            try {
                return verifier.verify(console.in());
            } catch (IOException e) {
                throw CliFailure.usage("Cannot read the export from stdin: " + e.getMessage());
            }
        }
        try (InputStream in = Files.newInputStream(Path.of(file))) {
            return verifier.verify(in);
        } catch (NoSuchFileException e) {
            throw CliFailure.usage("No such file: " + file);
        } catch (IOException e) {
            throw CliFailure.usage("Cannot read " + file + ": " + e.getMessage());
        }
    }

    private KeyTrust trust() {
        if (trustedKeys.isEmpty()) {
            return KeyTrust.exportKeys();
        }
        List<CheckpointVerifier> keys = new ArrayList<>();
        for (String k : trustedKeys) {
            keys.add(trustedKey(k));
        }
        return KeyTrust.pinned(keys);
    }

    /** A key document, a file with the base64 key, or the base64 key itself. */
    private static CheckpointVerifier trustedKey(String value) {
        String text = value;
        boolean fromFile;
        try {
            fromFile = Files.isRegularFile(Path.of(value));
        } catch (InvalidPathException e) {
            fromFile = false;
        }
        if (fromFile) {
            try {
                text = Files.readString(Path.of(value), StandardCharsets.UTF_8).strip();
            } catch (IOException e) {
                throw CliFailure.usage("Cannot read the trusted key " + value);
            }
        }
        String declaredId = null;
        if (text.startsWith("{")) {
            try (JsonReader reader = Json.createReader(new StringReader(text))) {
                JsonObject doc = reader.readObject();
                declaredId = doc.getString("keyId", null);
                text = doc.getString("publicKey");
            } catch (JsonException | ClassCastException | NullPointerException e) {
                throw CliFailure.usage(value + " is not a key document with a publicKey");
            }
        }
        CheckpointVerifier key;
        try {
            key = CheckpointVerifier.ofBase64(text);
        } catch (IllegalArgumentException e) {
            throw CliFailure.usage("--trusted-key " + (fromFile ? value + " holds" : "is") + " no base64 X.509 Ed25519 "
                    + "public key");
        }
        if (declaredId != null && !declaredId.equals(key.keyId())) {
            throw CliFailure.usage(value + " names key " + declaredId + " but its public key's id is " + key.keyId());
        }
        return key;
    }
}
