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

/** {@code velocity encryption keys}: {@code GET /encryption/keys}, metadata only. */
@Command(name = "keys", description = "List data-key versions (metadata only, never key material).")
public final class EncryptionKeysCommand implements Callable<Integer> {

    private final Console console;

    @Option(names = "--namespace", paramLabel = "ORG", description = "Only this organisation's keys.")
    String namespace;

    @Mixin
    ServerOptions server;

    @Mixin
    OutputOptions output;

    public EncryptionKeysCommand(Console console) {
        this.console = console;
    }

    @Override
    public Integer call() {
        String query = namespace == null ? "/encryption/keys" : "/encryption/keys?" + Routes.param("namespace", namespace);
        JsonObject page = server.connect(console, output).call("GET", query, null, null, Map.of()).object();
        output.print(console, page, () -> {
            Table t = Table.of(Cells.LIST_CELL, "NAMESPACE", "VERSION", "CURRENT", "KEK_ID", "CREATED", "RETIRED");
            page.getJsonArray("items").forEach(v -> {
                JsonObject k = v.asJsonObject();
                t.row(Cells.text(k, "namespace"), Cells.text(k, "version"), Cells.text(k, "current"),
                        Cells.text(k, "kekId"), Cells.text(k, "createdAt"), Cells.text(k, "retiredAt"));
            });
            if (t.isEmpty()) {
                console.out().println("No data keys.");
            } else {
                t.print(console.out());
            }
        });
        return ExitCode.OK;
    }
}
