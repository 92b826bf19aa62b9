package sh.velocity.cli.command;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import sh.velocity.cli.http.VelocityClient;
import sh.velocity.cli.io.CliFailure;
import sh.velocity.cli.io.Console;
import sh.velocity.cli.io.ExitCode;
import sh.velocity.cli.io.Progress;

/**
 * {@code velocity record list}: one page of {@code GET /records/{path}} (filters, sort, cursor), or
 * with {@code --all} every page, following {@code nextCursor} until the server returns none.
 */
@Command(name = "list", description = "List records, one page or (--all) all of them.")
public final class RecordListCommand implements Callable<Integer> {

    private final Console console;

    @Option(names = "--schema", required = true, paramLabel = "PATH", description = "The record type's schema path.")
    String schema;

    @Option(names = "--filter", paramLabel = "FIELD=VALUE",
            description = "Only records whose FIELD equals VALUE (repeatable: all must match).")
    List<String> filters = new ArrayList<>();

    @Option(names = "--limit", paramLabel = "N", description = "Records per page (1 to 1000; server default 100).")
    Integer limit;

    @Option(names = "--sort", paramLabel = "SORT", description = "Sort order as the server takes it, e.g. createdAt or -amount.")
    String sort;

    @Option(names = "--cursor", paramLabel = "CURSOR", description = "Start at the page a previous nextCursor named.")
    String cursor;

    @Option(names = "--all", description = "Follow nextCursor through every page.")
    boolean all;

    @Mixin
    ServerOptions server;

    @Mixin
    OutputOptions output;

    public RecordListCommand(Console console) {
        this.console = console;
    }

    @Override
    public Integer call() {
        if (limit != null && (limit < 1 || limit > 1000)) {
            throw CliFailure.usage("--limit must be between 1 and 1000");
        }
        String base = Routes.records(schema) + "?" + query();
        VelocityClient client = server.connect(console, output);
        List<JsonObject> items = new ArrayList<>();
        String next = cursor;
        try (Progress progress = all ? Progress.start(console, "Listing " + Routes.schemaPath(schema))
                : Progress.off(console)) {
            do {
                String route = next == null ? base : base + "&" + Routes.param("cursor", next);
                JsonObject page = client.call("GET", route, null, null, Map.of()).object();
                page.getJsonArray("items").forEach(v -> items.add(v.asJsonObject()));
                JsonValue n = page.get("nextCursor");
                next = n instanceof JsonString s && !s.getString().isEmpty() ? s.getString() : null;
                progress.update(items.size(), 0, "records");
            } while (all && next != null);
        }
        JsonArrayBuilder array = Json.createArrayBuilder();
        items.forEach(array::add);
        String nextCursor = next;
        output.print(console, Json.createObjectBuilder().add("items", array)
                .add("nextCursor", nextCursor == null ? JsonValue.NULL : Json.createValue(nextCursor)).build(), () -> {
                    if (items.isEmpty()) {
                        console.out().println("No records.");
                    } else {
                        Cells.records(items).print(console.out());
                    }
                    if (nextCursor != null) {
                        console.out().println("More records: add --cursor " + nextCursor + " (or --all)");
                    }
                });
        return ExitCode.OK;
    }

    private String query() {
        List<String> params = new ArrayList<>();
        for (String f : filters) {
            int eq = f.indexOf('=');
            if (eq < 1 || !f.substring(0, eq).matches("[a-z][a-z0-9_]{0,62}")) {
                throw CliFailure.usage("--filter is FIELD=VALUE with a declared field name, e.g. --filter currency=EUR");
            }
            params.add(Routes.param("filter[" + f.substring(0, eq) + "]", f.substring(eq + 1)));
        }
        if (limit != null) {
            params.add("limit=" + limit);
        }
        if (sort != null) {
            params.add(Routes.param("sort", sort));
        }
        return String.join("&", params);
    }
}
