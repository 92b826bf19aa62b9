package sh.velocity.cli.command;

import jakarta.json.JsonObject;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import sh.velocity.cli.io.Console;
import sh.velocity.cli.io.ExitCode;
import sh.velocity.cli.io.Table;

/** {@code velocity role-binding list}: every binding ({@code rolebinding.manage} on {@code *}). */
@Command(name = "list", description = "List role bindings.")
public final class RoleBindingListCommand implements Callable<Integer> {

    private final Console console;

    @Mixin
    ServerOptions server;

    @Mixin
    OutputOptions output;

    public RoleBindingListCommand(Console console) {
        this.console = console;
    }

    @Override
    public Integer call() {
        JsonObject page = server.connect(console, output).call("GET", "/role-bindings", null, null, Map.of()).object();
        output.print(console, page, () -> {
            Table t = RoleBindingCommand.table();
            page.getJsonArray("items").forEach(v -> RoleBindingCommand.row(t, v.asJsonObject()));
            if (t.isEmpty()) {
                console.out().println("No role bindings.");
            } else {
                t.print(console.out());
            }
        });
        return ExitCode.OK;
    }
}
