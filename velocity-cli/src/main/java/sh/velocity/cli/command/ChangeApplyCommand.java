package sh.velocity.cli.command;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import sh.velocity.cli.io.Console;

/** {@code velocity change apply ID}: needs {@code schema.apply}; neither the author nor the reviewer may. */
@Command(name = "apply", description = "Apply an approved schema change (neither your own nor one you reviewed).")
public final class ChangeApplyCommand implements Callable<Integer> {

    private final Console console;

    @Parameters(index = "0", paramLabel = "ID", description = "The change's id.")
    String id;

    @Mixin
    ServerOptions server;

    @Mixin
    OutputOptions output;

    public ChangeApplyCommand(Console console) {
        this.console = console;
    }

    @Override
    public Integer call() {
        return ChangeStep.take(console, server, output, id, "apply", "{}");
    }
}
