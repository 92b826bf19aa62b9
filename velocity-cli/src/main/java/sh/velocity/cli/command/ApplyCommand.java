package sh.velocity.cli.command;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import sh.velocity.cli.http.VelocityClient;
import sh.velocity.cli.io.CliFailure;
import sh.velocity.cli.io.Console;
import sh.velocity.cli.io.ExitCode;
import sh.velocity.cli.io.Table;
import sh.velocity.cli.manifest.ManifestDocument;
import sh.velocity.cli.manifest.ManifestReader;
import sh.velocity.cli.manifest.RetentionPolicyManifest;
import sh.velocity.cli.manifest.RoleBindingManifest;

/**
 * {@code velocity apply -f FILE|DIR|-}: every document of every file, in order, each sent where its
 * {@code kind} belongs (SchemaDefinition, RoleBinding, RetentionPolicy, CompliancePack; see
 * {@link ManifestApplier}).
 * All documents are read and checked first, so a syntax error or an unknown kind anywhere applies
 * nothing (exit 2). Then they are applied one by one, and the first the server refuses ends the run
 * (exit 3) with what was applied before it and what was not, since the earlier ones stay applied.
 */
@Command(name = "apply",
        description = "Apply manifests: SchemaDefinition, RoleBinding, RetentionPolicy, CompliancePack.")
public final class ApplyCommand implements Callable<Integer> {

    private final Console console;

    @Option(names = {"-f", "--filename"}, required = true, paramLabel = "FILE|DIR|-",
            description = "A YAML file (documents separated by ---), a .json file, a directory of them (*.yaml, "
                    + "*.yml, *.json in name order), or - for stdin. Repeatable.")
    List<String> files;

    @Mixin
    ServerOptions server;

    @Mixin
    OutputOptions output;

    public ApplyCommand(Console console) {
        this.console = console;
    }

    @Override
    public Integer call() {
        List<ManifestDocument> documents = ManifestReader.read(files, console);
        if (documents.isEmpty()) {
            throw CliFailure.usage("No manifest documents in " + String.join(", ", files));
        }
        List<ManifestApplier.Step> steps = documents.stream().map(ManifestApplier::plan).toList();
        VelocityClient client = server.connect(console, output);
        ManifestApplier applier = new ManifestApplier(client);
        JsonArrayBuilder applied = Json.createArrayBuilder();
        for (int i = 0; i < steps.size(); i++) {
            ManifestApplier.Step step = steps.get(i);
            JsonObject result;
            try {
                result = applier.apply(step);
            } catch (CliFailure f) {
                return stopped(f.about(step.document().label()), applied.build(), steps.subList(i, steps.size()));
            }
            applied.add(result);
            if (!output.structured()) {
                printLine(result);
            }
        }
        if (output.structured()) {
            console.document(output.format(), Json.createObjectBuilder().add("applied", applied).build());
        }
        return ExitCode.OK;
    }

    private void printLine(JsonObject r) {
        String kind = Cells.text(r, "kind");
        String subject = kind.equals("SchemaDefinition") && r.containsKey("schemaPath") ? Cells.text(r, "schemaPath")
                : Cells.text(r, "name");
        String detail = switch (kind) {
            case "SchemaDefinition" -> r.containsKey("generation") ? " (generation " + Cells.text(r, "generation") + ")" : "";
            case RoleBindingManifest.KIND -> " (" + Cells.text(r, "principal") + " is " + Cells.text(r, "role") + " on "
                    + Cells.text(r, "path") + ", id " + Cells.text(r, "id") + ")";
            case RetentionPolicyManifest.KIND -> " (" + Cells.text(r, "namespace") + " keeps audit events "
                    + Cells.text(r, "retain") + ")";
            case ManifestApplier.COMPLIANCE_PACK -> " (enabled for " + Cells.text(r, "namespace")
                    + (r.containsKey("controls") ? ", " + Cells.text(r, "controls") + " controls" : "") + ")";
            default -> "";
        };
        console.out().println(Table.cell(kind + " " + subject + " " + Cells.text(r, "outcome") + detail, 0));
        if (r.get("changes") instanceof JsonArray changes) {
            changes.forEach(c -> console.out().println("  " + Table.cell(Cells.text(c), 0)));
        }
    }

    /** The first refused document ends the run: say what was applied, what failed, what was not applied. */
    private int stopped(CliFailure failure, JsonArray applied, List<ManifestApplier.Step> rest) {
        List<String> notApplied = new ArrayList<>();
        rest.forEach(s -> notApplied.add(s.document().label()));
        if (output.structured()) {
            JsonObjectBuilder error = Json.createObjectBuilder(Console.errorJson(failure))
                    .add("document", rest.get(0).document().label());
            console.document(output.format(), Json.createObjectBuilder().add("applied", applied).add("error", error)
                    .add("notApplied", Json.createArrayBuilder(notApplied)).build());
        } else {
            console.failure(failure, output.format());
            console.err().println("Applied " + applied.size() + " of " + (applied.size() + rest.size())
                    + " documents; stopped at " + notApplied.get(0) + ".");
            if (notApplied.size() > 1) {
                console.err().println("Not applied: " + String.join(", ", notApplied.subList(1, notApplied.size())));
            }
        }
        return failure.exitCode();
    }
}
