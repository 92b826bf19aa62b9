package sh.velocity.cli.command;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import sh.velocity.cli.io.CliFailure;
import sh.velocity.cli.io.Console;
import sh.velocity.cli.io.ExitCode;
import sh.velocity.cli.io.Table;

/** {@code velocity change list [--status S]}: changes on schemas the caller may read, newest first. */
@Command(name = "list", description = "List schema changes, newest first.")
public final class ChangeListCommand implements Callable<Integer> {

    private static final java.util.Set<String> STATUSES = java.util.Set.of("pending", "approved", "rejected", "applied");

    private final Console console;

    @Option(names = "--status", paramLabel = "STATUS", description = "pending, approved, rejected or applied.")
    String status;

    @Option(names = "--limit", paramLabel = "N", description = "At most N changes (1 to 1000; default 100).")
    Integer limit;

    @Option(names = "--cursor", paramLabel = "CURSOR", description = "Continue where a previous page's nextCursor points.")
    String cursor;

    @Mixin
    ServerOptions server;

    @Mixin
    OutputOptions output;

    public ChangeListCommand(Console console) {
        this.console = console;
    }

    @Override
    public Integer call() {
        if (status != null && !STATUSES.contains(status)) {
            throw CliFailure.usage("--status must be pending, approved, rejected or applied");
        }
        if (limit != null && (limit < 1 || limit > 1000)) {
            throw CliFailure.usage("--limit must be between 1 and 1000");
        }
        StringBuilder route = new StringBuilder(ChangeCommand.ROUTE);
        char sep = '?';
        if (status != null) {
            route.append(sep).append(Routes.param("status", status));
            sep = '&';
        }
        if (limit != null) {
            route.append(sep).append("limit=").append(limit);
            sep = '&';
        }
        if (cursor != null) {
            route.append(sep).append(Routes.param("cursor", cursor));
        }
        JsonObject page = server.connect(console, output).call("GET", route.toString(), null, null, Map.of()).object();
        output.print(console, page, () -> {
            Table t = ChangeCommand.table();
            page.getJsonArray("items").forEach(v -> ChangeCommand.row(t, v.asJsonObject()));
            if (t.isEmpty()) {
                console.out().println(status == null ? "No schema changes." : "No " + status + " schema changes.");
            } else {
                t.print(console.out());
            }
            if (page.get("nextCursor") instanceof JsonString next) {
                console.out().println("Older changes: add --cursor " + Table.cell(next.getString(), 80));
            }
        });
        return ExitCode.OK;
    }
}
