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

/** {@code velocity audit events}: a chain's events, newest first, one page ({@code audit.read}). */
@Command(name = "events", description = "List a chain's audit events, newest first.")
public final class AuditEventsCommand implements Callable<Integer> {

    private final Console console;

    @Option(names = "--schema", required = true, paramLabel = "PATH", description = "A schema path, or platform.")
    String schema;

    @Option(names = "--limit", paramLabel = "N", description = "At most N events (1 to 1000; default 100).")
    Integer limit;

    @Option(names = "--cursor", paramLabel = "CURSOR", description = "Continue where a previous page's nextCursor points.")
    String cursor;

    @Mixin
    ServerOptions server;

    @Mixin
    OutputOptions output;

    public AuditEventsCommand(Console console) {
        this.console = console;
    }

    @Override
    public Integer call() {
        if (limit != null && (limit < 1 || limit > 1000)) {
            throw CliFailure.usage("--limit must be between 1 and 1000");
        }
        String route = "/audit/events?" + AuditCommand.schemaQuery(schema) + (limit == null ? "" : "&limit=" + limit)
                + (cursor == null ? "" : "&" + Routes.param("cursor", cursor));
        JsonObject page = server.connect(console, output).call("GET", route, null, null, Map.of()).object();
        output.print(console, page, () -> {
            Table t = Table.of(Cells.LIST_CELL, "SEQ", "TIME", "ACTOR", "OPERATION", "RESOURCE", "RESULT", "FAIL_MODE");
            page.getJsonArray("items").forEach(v -> {
                JsonObject e = v.asJsonObject();
                t.row(Cells.text(e, "seq"), Cells.text(e, "createdAt"), Cells.text(e, "actor"), Cells.text(e, "operation"),
                        Cells.text(e, "resource"), Cells.text(e, "result"), Cells.text(e, "failMode"));
            });
            if (t.isEmpty()) {
                console.out().println("No audit events.");
            } else {
                t.print(console.out());
            }
            if (page.get("nextCursor") instanceof JsonString next) {
                console.out().println("Older events: add --cursor " + Table.cell(next.getString(), 80));
            }
        });
        return ExitCode.OK;
    }
}
