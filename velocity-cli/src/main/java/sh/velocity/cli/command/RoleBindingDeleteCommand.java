package sh.velocity.cli.command;

import jakarta.json.Json;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import sh.velocity.cli.io.Console;
import sh.velocity.cli.io.ExitCode;

/** {@code velocity role-binding delete}: {@code DELETE /role-bindings/{id}}. */
@Command(name = "delete", description = "Withdraw a role binding.")
public final class RoleBindingDeleteCommand implements Callable<Integer> {

    private final Console console;

    @Parameters(index = "0", paramLabel = "ID", description = "The binding's id (from role-binding list).")
    String id;

    @Mixin
    ServerOptions server;

    @Mixin
    OutputOptions output;

    public RoleBindingDeleteCommand(Console console) {
        this.console = console;
    }

    @Override
    public Integer call() {
        server.connect(console, output).call("DELETE", "/role-bindings/" + Routes.id(id, "role binding id"), null, null,
                Map.of());
        output.print(console, Json.createObjectBuilder().add("id", id).add("deleted", true).build(),
                () -> console.out().println("Deleted role binding " + id + "."));
        return ExitCode.OK;
    }
}
