package sh.velocity.cli.command;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import sh.velocity.cli.http.VelocityClient;
import sh.velocity.cli.io.Console;
import sh.velocity.cli.io.ExitCode;
import sh.velocity.cli.io.Table;

/**
 * {@code velocity encryption rotate --namespace ORG [--wait]}: {@code POST /encryption/rotations};
 * with {@code --wait}, follows the rotation until it is done (exit 0) or failed (exit 1).
 */
@Command(name = "rotate", description = "Rotate an organisation's data key; existing values are re-encrypted "
        + "in the background.")
public final class EncryptionRotateCommand implements Callable<Integer> {

    private final Console console;

    @Option(names = "--namespace", required = true, paramLabel = "ORG", description = "The organisation.")
    String namespace;

    @Option(names = "--wait", description = "Wait until the rotation is done or failed.")
    boolean await;

    @Option(names = "--poll-seconds", paramLabel = "N", defaultValue = "2", description = "How often --wait asks.")
    int pollSeconds;

    @Mixin
    ServerOptions server;

    @Mixin
    OutputOptions output;

    public EncryptionRotateCommand(Console console) {
        this.console = console;
    }

    @Override
    public Integer call() throws InterruptedException {
        VelocityClient api = server.connect(console, output);
        JsonObject rotation = api.call("POST", "/encryption/rotations", "application/json",
                Json.createObjectBuilder().add("namespace", namespace).build().toString(), Map.of()).object();
        while (await && "running".equals(rotation.getString("state", ""))) {
            Thread.sleep(Math.max(1, pollSeconds) * 1000L);
            rotation = api.call("GET", "/encryption/rotations/" + Routes.id(rotation.getString("id"), "rotation id"),
                    null, null, Map.of()).object();
        }
        JsonObject shown = rotation;
        output.print(console, shown, () -> {
            Table t = EncryptionCommand.rotationTable();
            EncryptionCommand.rotationRow(t, shown);
            t.print(console.out());
        });
        return "failed".equals(rotation.getString("state", "")) ? ExitCode.CHECK_FAILED : ExitCode.OK;
    }
}
