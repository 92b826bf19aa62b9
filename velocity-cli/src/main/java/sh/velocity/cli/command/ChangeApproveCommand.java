package sh.velocity.cli.command;

import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import sh.velocity.cli.io.Console;

/** {@code velocity change approve ID [--comment TEXT]}: needs {@code schema.review}; never one's own change. */
@Command(name = "approve", description = "Approve a pending schema change (not your own).")
public final class ChangeApproveCommand implements Callable<Integer> {

    private final Console console;

    @Parameters(index = "0", paramLabel = "ID", description = "The change's id.")
    String id;

    @Option(names = "--comment", paramLabel = "TEXT", description = "Recorded with the approval.")
    String comment;

    @Mixin
    ServerOptions server;

    @Mixin
    OutputOptions output;

    public ChangeApproveCommand(Console console) {
        this.console = console;
    }

    @Override
    public Integer call() {
        JsonObjectBuilder body = Json.createObjectBuilder();
        if (comment != null) {
            body.add("comment", comment);
        }
        return ChangeStep.take(console, server, output, id, "approve", body.build().toString());
    }
}
