package sh.velocity.cli.command;

import jakarta.json.JsonObject;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import sh.velocity.cli.io.Console;
import sh.velocity.cli.io.ExitCode;
import sh.velocity.cli.io.Table;

/** {@code velocity api-key list}: key metadata (never a key, never a hash; the hint is the key's last characters). */
@Command(name = "list", description = "List API keys (metadata only).")
public final class ApiKeyListCommand implements Callable<Integer> {

    private final Console console;

    @Option(names = "--expired", description = "Only keys that have expired.")
    boolean expired;

    @Mixin
    ServerOptions server;

    @Mixin
    OutputOptions output;

    public ApiKeyListCommand(Console console) {
        this.console = console;
    }

    @Override
    public Integer call() {
        JsonObject page = server.connect(console, output).call("GET", "/api-keys" + (expired ? "?expired=true" : ""),
                null, null, Map.of()).object();
        output.print(console, page, () -> {
            Table t = Table.of(Cells.LIST_CELL, "ID", "NAME", "PRINCIPAL", "HINT", "CREATED", "EXPIRES", "REVOKED");
            page.getJsonArray("items").forEach(v -> {
                JsonObject k = v.asJsonObject();
                t.row(Cells.text(k, "id"), Cells.text(k, "name"), Cells.text(k, "principal"), Cells.text(k, "hint"),
                        Cells.text(k, "createdAt"), Cells.text(k, "expiresAt"), Cells.text(k, "revokedAt"));
            });
            if (t.isEmpty()) {
                console.out().println(expired ? "No expired API keys." : "No API keys.");
            } else {
                t.print(console.out());
            }
        });
        return ExitCode.OK;
    }
}
