package sh.velocity.cli.command;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import sh.velocity.cli.io.CliFailure;
import sh.velocity.cli.io.Console;
import sh.velocity.cli.io.ExitCode;
import sh.velocity.cli.io.Table;

/**
 * {@code velocity doctor}: the server's hardening checklist ({@code GET /compliance/checklist},
 * {@code {items: [{id, title, status, evidence}]}} with status pass, fail, warn or manual), one line
 * per item and a count per status. Exit 1 when any item fails, so a pipeline can gate on it; warn and
 * manual items are shown but do not fail. A server without the route (404) is told apart from a
 * failing check: exit 3 and a sentence saying so.
 */
@Command(name = "doctor", description = "Run the server's hardening checklist; exit 1 if any item fails.")
public final class DoctorCommand implements Callable<Integer> {

    static final List<String> STATUSES = List.of("pass", "fail", "warn", "manual");

    private final Console console;

    @Mixin
    ServerOptions server;

    @Mixin
    OutputOptions output;

    public DoctorCommand(Console console) {
        this.console = console;
    }

    @Override
    public Integer call() {
        JsonObject checklist;
        try {
            checklist = server.connect(console, output).call("GET", "/compliance/checklist", null, null, Map.of())
                    .object();
        } catch (CliFailure f) {
            if (f.status() != null && f.status() == 404) {
                throw CliFailure.problem(404, f.code(), "the server does not serve the compliance checklist yet "
                        + "(GET /api/v1/compliance/checklist answered 404): upgrade the server to one that does",
                        f.requestId());
            }
            throw f;
        }
        if (!(checklist.get("items") instanceof JsonArray items)) {
            throw CliFailure.server("The server's checklist has no items array.");
        }
        Map<String, Integer> counts = new LinkedHashMap<>();
        STATUSES.forEach(s -> counts.put(s, 0));
        Table table = Table.of(0, "STATUS", "ID", "TITLE", "EVIDENCE");
        for (JsonValue v : items) {
            if (!(v instanceof JsonObject item)) {
                throw CliFailure.server("The server's checklist holds an item that is not an object.");
            }
            String status = Cells.text(item, "status").toLowerCase(Locale.ROOT);
            if (!STATUSES.contains(status)) {
                throw CliFailure.server("Checklist item " + Table.cell(Cells.text(item, "id"), 40) + " has status '"
                        + Table.cell(status, 20) + "'; expected one of " + STATUSES);
            }
            counts.merge(status, 1, Integer::sum);
            table.row(mark(status), Cells.text(item, "id"), Cells.text(item, "title"), Cells.text(item, "evidence"));
        }
        int failed = counts.get("fail");
        var summary = Json.createObjectBuilder();
        counts.forEach(summary::add);
        JsonObject document = Json.createObjectBuilder().add("items", items).add("summary", summary)
                .add("passed", failed == 0).build();
        output.print(console, document, () -> {
            table.print(console.out());
            String line = counts.get("pass") + " pass, " + failed + " fail, " + counts.get("warn") + " warn, "
                    + counts.get("manual") + " manual";
            console.out().println(failed == 0 ? console.green("✓ No checklist item fails (" + line + ")")
                    : console.red("✗ " + failed + " checklist item" + (failed == 1 ? "" : "s") + " fail (" + line + ")"));
        });
        return failed == 0 ? ExitCode.OK : ExitCode.CHECK_FAILED;
    }

    /** Plain marks: table cells are never coloured (the colour codes would be escaped as control characters). */
    private static String mark(String status) {
        return switch (status) {
            case "pass" -> "✓ pass";
            case "fail" -> "✗ fail";
            case "warn" -> "! warn";
            default -> "? manual";
        };
    }
}
