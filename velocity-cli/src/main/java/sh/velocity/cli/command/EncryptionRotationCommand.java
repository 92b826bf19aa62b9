package sh.velocity.cli.command;

import jakarta.json.JsonObject;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import sh.velocity.cli.io.Console;
import sh.velocity.cli.io.ExitCode;
import sh.velocity.cli.io.Table;

/** {@code velocity encryption rotation ID}: a rotation's progress; exit 1 when it failed. */
@Command(name = "rotation", description = "Show a key rotation's progress (exit 1 when it failed).")
public final class EncryptionRotationCommand implements Callable<Integer> {

    private final Console console;

    @Parameters(paramLabel = "ID", description = "The rotation's id, as rotate printed it.")
    String id;

    @Mixin
    ServerOptions server;

    @Mixin
    OutputOptions output;

    public EncryptionRotationCommand(Console console) {
        this.console = console;
    }

    @Override
    public Integer call() {
        JsonObject rotation = server.connect(console, output)
                .call("GET", "/encryption/rotations/" + Routes.id(id, "rotation id"), null, null, Map.of()).object();
        output.print(console, rotation, () -> {
            Table t = EncryptionCommand.rotationTable();
            EncryptionCommand.rotationRow(t, rotation);
            t.print(console.out());
        });
        return "failed".equals(rotation.getString("state", "")) ? ExitCode.CHECK_FAILED : ExitCode.OK;
    }
}
