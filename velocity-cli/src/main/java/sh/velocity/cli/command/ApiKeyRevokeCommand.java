package sh.velocity.cli.command;

import jakarta.json.Json;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import sh.velocity.cli.io.Console;
import sh.velocity.cli.io.ExitCode;

/** {@code velocity api-key revoke}: {@code DELETE /api-keys/{id}}; the key is refused from the next request on. */
@Command(name = "revoke", description = "Revoke an API key now.")
public final class ApiKeyRevokeCommand implements Callable<Integer> {

    private final Console console;

    @Parameters(index = "0", paramLabel = "ID", description = "The key's id (from api-key list).")
    String id;

    @Mixin
    ServerOptions server;

    @Mixin
    OutputOptions output;

    public ApiKeyRevokeCommand(Console console) {
        this.console = console;
    }

    @Override
    public Integer call() {
        server.connect(console, output).call("DELETE", "/api-keys/" + Routes.id(id, "key id"), null, null, Map.of());
        output.print(console, Json.createObjectBuilder().add("id", id).add("revoked", true).build(),
                () -> console.out().println("Revoked API key " + id + "."));
        return ExitCode.OK;
    }
}
