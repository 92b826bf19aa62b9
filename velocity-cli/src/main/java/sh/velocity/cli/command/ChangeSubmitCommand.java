package sh.velocity.cli.command;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import sh.velocity.cli.http.VelocityClient;
import sh.velocity.cli.io.CliFailure;
import sh.velocity.cli.io.Console;
import sh.velocity.cli.io.ExitCode;
import sh.velocity.cli.manifest.ManifestDocument;
import sh.velocity.cli.manifest.ManifestReader;

/**
 * {@code velocity change submit -f FILE}: each SchemaDefinition document, sent as written to
 * {@code POST /schema-changes}. Every document is read and checked first; another kind is a usage
 * error, since only schema changes go through the approval chain.
 */
@Command(name = "submit", description = "Submit SchemaDefinition manifests for review.")
public final class ChangeSubmitCommand implements Callable<Integer> {

    private final Console console;

    @Option(names = {"-f", "--filename"}, required = true, paramLabel = "FILE|DIR|-",
            description = "A YAML or JSON file of SchemaDefinition documents, a directory of them, or - for stdin.")
    List<String> files;

    @Mixin
    ServerOptions server;

    @Mixin
    OutputOptions output;

    public ChangeSubmitCommand(Console console) {
        this.console = console;
    }

    @Override
    public Integer call() {
        List<ManifestDocument> documents = ManifestReader.read(files, console);
        if (documents.isEmpty()) {
            throw CliFailure.usage("No manifest documents in " + String.join(", ", files));
        }
        for (ManifestDocument d : documents) {
            if (!"SchemaDefinition".equals(d.kind())) {
                throw d.invalid("only SchemaDefinition manifests go through the approval chain; use velocity apply");
            }
        }
        VelocityClient client = server.connect(console, output);
        JsonArrayBuilder submitted = Json.createArrayBuilder();
        for (ManifestDocument d : documents) {
            JsonObject change;
            try {
                change = client.call("POST", ChangeCommand.ROUTE, d.mediaType(), d.text(), Map.of()).object();
            } catch (CliFailure f) {
                throw f.about(d.label());
            }
            submitted.add(change);
            if (!output.structured()) {
                console.out().println(ChangeCommand.summary(change));
            }
        }
        if (output.structured()) {
            console.document(output.format(), Json.createObjectBuilder().add("submitted", submitted).build());
        }
        return ExitCode.OK;
    }
}
