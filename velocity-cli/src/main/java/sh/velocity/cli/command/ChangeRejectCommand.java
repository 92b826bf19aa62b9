package sh.velocity.cli.command;

import jakarta.json.Json;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import sh.velocity.cli.io.CliFailure;
import sh.velocity.cli.io.Console;

/** {@code velocity change reject ID --reason TEXT}: needs {@code schema.review}; the reason is required. */
@Command(name = "reject", description = "Reject a pending schema change, saying why.")
public final class ChangeRejectCommand implements Callable<Integer> {

    private final Console console;

    @Parameters(index = "0", paramLabel = "ID", description = "The change's id.")
    String id;

    @Option(names = "--reason", required = true, paramLabel = "TEXT", description = "What the author must fix.")
    String reason;

    @Mixin
    ServerOptions server;

    @Mixin
    OutputOptions output;

    public ChangeRejectCommand(Console console) {
        this.console = console;
    }

    @Override
    public Integer call() {
        if (reason.isBlank()) {
            throw CliFailure.usage("--reason must say what the author must fix");
        }
        return ChangeStep.take(console, server, output, id, "reject",
                Json.createObjectBuilder().add("reason", reason).build().toString());
    }
}
