package sh.velocity.cli.command;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import sh.velocity.cli.io.Console;
import sh.velocity.cli.io.ExitCode;

/**
 * {@code velocity api-key create}: {@code POST /api-keys}. The new key is printed once, on stdout
 * (in the table output, or as {@code key} in JSON/YAML), and nowhere else: not in {@code --verbose}
 * traces, not in the config file.
 */
@Command(name = "create", description = "Issue an API key; its plaintext is printed once, to stdout.")
public final class ApiKeyCreateCommand implements Callable<Integer> {

    private final Console console;

    @Option(names = "--name", required = true, paramLabel = "NAME", description = "The key's name.")
    String name;

    @Option(names = "--ttl", required = true, paramLabel = "TTL", description = "How long it lives: 90d, 12h, 30m.")
    String ttl;

    @Option(names = "--role", paramLabel = "ROLE",
            description = "Bind this role to the key's principal on every path (repeatable): platform-admin, "
                    + "schema-admin, reviewer, writer, reader, auditor.")
    List<String> roles = new ArrayList<>();

    @Option(names = "--principal", paramLabel = "PRINCIPAL", description = "Whom the key acts as (default: its name).")
    String principal;

    @Mixin
    ServerOptions server;

    @Mixin
    OutputOptions output;

    public ApiKeyCreateCommand(Console console) {
        this.console = console;
    }

    @Override
    public Integer call() {
        JsonObjectBuilder body = Json.createObjectBuilder().add("name", name).add("ttl", ttl)
                .add("roles", Json.createArrayBuilder(roles));
        if (principal != null) {
            body.add("principal", principal);
        }
        JsonObject issued = server.connect(console, output).call("POST", "/api-keys", "application/json",
                body.build().toString(), Map.of()).object();
        output.print(console, issued, () -> ApiKeyCommand.printIssued(console.out(), issued));
        return ExitCode.OK;
    }
}
