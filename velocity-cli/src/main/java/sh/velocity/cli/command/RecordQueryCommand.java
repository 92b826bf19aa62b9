package sh.velocity.cli.command;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import sh.velocity.cli.http.ApiResponse;
import sh.velocity.cli.io.CliFailure;
import sh.velocity.cli.io.Console;
import sh.velocity.cli.io.ExitCode;

/**
 * {@code velocity record query}: full-text search over the record type's search fields, best match
 * first. Says which tier answered ({@code X-Velocity-Search-Tier}: 3 the search engine, 2 PostgreSQL
 * full-text), since a tier-2 answer may rank differently.
 */
@Command(name = "query", description = "Full-text search over the record type's search fields.")
public final class RecordQueryCommand implements Callable<Integer> {

    private final Console console;

    @Option(names = "--schema", required = true, paramLabel = "PATH", description = "The record type's schema path.")
    String schema;

    @Option(names = "--q", required = true, paramLabel = "TEXT", description = "The words to search for.")
    String q;

    @Option(names = "--limit", paramLabel = "N", description = "At most N matches (server default 20).")
    Integer limit;

    @Mixin
    ServerOptions server;

    @Mixin
    OutputOptions output;

    public RecordQueryCommand(Console console) {
        this.console = console;
    }

    @Override
    public Integer call() {
        if (q.isBlank()) {
            throw CliFailure.usage("--q needs words to search for");
        }
        String route = Routes.records(schema) + "/search?" + Routes.param("q", q) + (limit == null ? "" : "&limit=" + limit);
        ApiResponse r = server.connect(console, output).call("GET", route, null, null, Map.of());
        JsonObject page = r.object();
        String tierHeader = r.header("X-Velocity-Search-Tier").orElse("");
        JsonArray items = page.getJsonArray("items");
        var doc = Json.createObjectBuilder();
        if (tierHeader.matches("[0-9]{1,2}")) {
            doc.add("tier", Integer.parseInt(tierHeader));
        } else {
            doc.addNull("tier");
        }
        doc.add("items", items).add("nextCursor", page.getOrDefault("nextCursor", jakarta.json.JsonValue.NULL));
        output.print(console, doc.build(), () -> {
            console.out().println("Search tier " + (tierHeader.isEmpty() ? "unknown" : tierHeader)
                    + (tierHeader.equals("3") ? " (search engine)" : tierHeader.equals("2") ? " (PostgreSQL full-text)" : "")
                    + ": " + items.size() + " match" + (items.size() == 1 ? "" : "es"));
            List<JsonObject> records = items.stream().map(v -> v.asJsonObject()).toList();
            if (!records.isEmpty()) {
                Cells.records(records).print(console.out());
            }
        });
        return ExitCode.OK;
    }
}
