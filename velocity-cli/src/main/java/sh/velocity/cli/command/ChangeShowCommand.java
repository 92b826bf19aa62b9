package sh.velocity.cli.command;

import jakarta.json.JsonObject;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import sh.velocity.cli.io.Console;
import sh.velocity.cli.io.ExitCode;

/** {@code velocity change show ID [--manifest]}: who did what when, what it changes, and the manifest. */
@Command(name = "show", description = "Show one schema change: its steps, changes and manifest.")
public final class ChangeShowCommand implements Callable<Integer> {

    private final Console console;

    @Parameters(index = "0", paramLabel = "ID", description = "The change's id (from change list).")
    String id;

    @Option(names = "--manifest", description = "Print the manifest as submitted, too.")
    boolean manifest;

    @Mixin
    ServerOptions server;

    @Mixin
    OutputOptions output;

    public ChangeShowCommand(Console console) {
        this.console = console;
    }

    @Override
    public Integer call() {
        JsonObject change = server.connect(console, output).call("GET", ChangeCommand.ROUTE + "/"
                + Routes.id(id, "change id"), null, null, Map.of()).object();
        output.print(console, change, () -> {
            ChangeCommand.print(console, change);
            if (manifest && change.containsKey("manifest")) {
                console.out().println("Manifest:");
                console.out().println(Cells.text(change, "manifest"));
            }
        });
        return ExitCode.OK;
    }
}
