package sh.velocity.cli.command;

import jakarta.json.Json;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import sh.velocity.cli.http.ApiResponse;
import sh.velocity.cli.io.Console;
import sh.velocity.cli.io.ExitCode;

/**
 * {@code velocity record reindex}: {@code POST /records/{path}/search/rebuild}. The server drops the
 * record type's search-engine index and replays its outbox into a new one; the relay catches up in
 * the background while searches use tier 2 ({@code record query} shows the tier).
 */
@Command(name = "reindex", description = "Rebuild a record type's search-engine index from its outbox.")
public final class RecordReindexCommand implements Callable<Integer> {

    private final Console console;

    @Option(names = "--schema", required = true, paramLabel = "PATH", description = "The record type's schema path.")
    String schema;

    @Mixin
    ServerOptions server;

    @Mixin
    OutputOptions output;

    public RecordReindexCommand(Console console) {
        this.console = console;
    }

    @Override
    public Integer call() {
        String path = Routes.schemaPath(schema);
        ApiResponse r = server.connect(console, output).call("POST", Routes.records(schema) + "/search/rebuild", null,
                null, Map.of());
        long replayed = r.object().getJsonNumber("replayed").longValue();
        output.print(console, Json.createObjectBuilder().add("schema", path).add("replayed", replayed).build(),
                () -> console.out().println("Reindexing " + path + ": " + replayed + " outbox events replayed; searches "
                        + "use tier 2 until the index has caught up"));
        return ExitCode.OK;
    }
}
