package sh.velocity.cli.command;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import sh.velocity.cli.io.Console;
import sh.velocity.cli.io.ExitCode;
import sh.velocity.cli.io.Table;

/** {@code velocity role-binding create}: {@code POST /role-bindings}; no one can grant more than they hold. */
@Command(name = "create", description = "Grant a principal a role on a schema-path prefix.")
public final class RoleBindingCreateCommand implements Callable<Integer> {

    private final Console console;

    @Option(names = "--principal", required = true, paramLabel = "PRINCIPAL", description = "Who gets the role.")
    String principal;

    @Option(names = "--role", required = true, paramLabel = "ROLE",
            description = "platform-admin, schema-admin, reviewer, writer, reader or auditor.")
    String role;

    @Option(names = "--path", required = true, paramLabel = "PREFIX",
            description = "A schema-path prefix (1 to 5 segments, e.g. acme/supply-chain) or * for every path.")
    String path;

    @Mixin
    ServerOptions server;

    @Mixin
    OutputOptions output;

    public RoleBindingCreateCommand(Console console) {
        this.console = console;
    }

    @Override
    public Integer call() {
        JsonObject binding = create(server, console, output, principal, role, path);
        output.print(console, binding, () -> {
            Table t = RoleBindingCommand.table();
            RoleBindingCommand.row(t, binding);
            t.print(console.out());
        });
        return ExitCode.OK;
    }

    /** The one request that creates a binding, shared with {@code apply} of a RoleBinding manifest. */
    static JsonObject create(ServerOptions server, Console console, OutputOptions output, String principal,
                             String role, String path) {
        String body = Json.createObjectBuilder().add("principal", principal).add("role", role)
                .add("schemaPrefix", path).build().toString();
        return server.connect(console, output).call("POST", "/role-bindings", "application/json", body, Map.of())
                .object();
    }
}
