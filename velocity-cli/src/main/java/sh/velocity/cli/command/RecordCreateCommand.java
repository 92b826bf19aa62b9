package sh.velocity.cli.command;

import jakarta.json.JsonObject;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import sh.velocity.cli.http.ApiResponse;
import sh.velocity.cli.io.Console;
import sh.velocity.cli.io.ExitCode;

/** {@code velocity record create}: {@code POST /records/{path}}; prints the record as stored (masked). */
@Command(name = "create", description = "Create a record from a JSON object.")
public final class RecordCreateCommand implements Callable<Integer> {

    private final Console console;

    @Option(names = "--schema", required = true, paramLabel = "PATH", description = "The record type's schema path.")
    String schema;

    @Option(names = "--data", required = true, paramLabel = "JSON|@FILE",
            description = "The record: a JSON object, @FILE, or @- for stdin.")
    String data;

    @Option(names = "--idempotency-key", paramLabel = "KEY",
            description = "Send again with the same key and data to get the first response instead of a second record.")
    String idempotencyKey;

    @Mixin
    ServerOptions server;

    @Mixin
    OutputOptions output;

    public RecordCreateCommand(Console console) {
        this.console = console;
    }

    @Override
    public Integer call() {
        JsonObject body = RecordCommand.data(data, console);
        Map<String, String> headers = RecordCommand.headers(idempotencyKey, null);
        String route = Routes.records(schema);
        ApiResponse r = server.connect(console, output).call("POST", route, "application/json", body.toString(), headers);
        JsonObject record = r.object();
        output.print(console, record, () -> {
            console.out().println("Created record " + Cells.text(record, "id") + " in " + Routes.schemaPath(schema)
                    + RecordCommand.replayNote(r));
            Cells.vertical(record).print(console.out());
        });
        return ExitCode.OK;
    }
}
