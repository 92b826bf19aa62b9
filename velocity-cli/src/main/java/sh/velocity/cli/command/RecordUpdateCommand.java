package sh.velocity.cli.command;

import jakarta.json.JsonObject;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import sh.velocity.cli.http.ApiResponse;
import sh.velocity.cli.io.Console;
import sh.velocity.cli.io.ExitCode;

/**
 * {@code velocity record update}: a JSON merge patch ({@code PATCH}); with {@code --if-match} only
 * when the record is still at that version, so two editors cannot silently overwrite each other.
 */
@Command(name = "update", description = "Change fields of a record (JSON merge patch: null removes a field).")
public final class RecordUpdateCommand implements Callable<Integer> {

    private final Console console;

    @Option(names = "--schema", required = true, paramLabel = "PATH", description = "The record type's schema path.")
    String schema;

    @Parameters(index = "0", paramLabel = "ID", description = "The record's id.")
    String id;

    @Option(names = "--data", required = true, paramLabel = "JSON|@FILE",
            description = "The fields to change: a JSON object, @FILE, or @- for stdin.")
    String data;

    @Option(names = "--if-match", paramLabel = "VERSION",
            description = "Update only if the record is at this version (its ETag); else the server answers 412.")
    Long ifMatch;

    @Option(names = "--idempotency-key", paramLabel = "KEY", description = "Make a retry of this update safe.")
    String idempotencyKey;

    @Mixin
    ServerOptions server;

    @Mixin
    OutputOptions output;

    public RecordUpdateCommand(Console console) {
        this.console = console;
    }

    @Override
    public Integer call() {
        JsonObject patch = RecordCommand.data(data, console);
        String route = Routes.records(schema) + "/" + Routes.id(id, "record id");
        ApiResponse r = server.connect(console, output).call("PATCH", route, "application/merge-patch+json",
                patch.toString(), RecordCommand.headers(idempotencyKey, ifMatch));
        JsonObject record = r.object();
        output.print(console, record, () -> {
            console.out().println("Updated record " + Cells.text(record, "id") + " to version "
                    + Cells.text(record, "version") + RecordCommand.replayNote(r));
            Cells.vertical(record).print(console.out());
        });
        return ExitCode.OK;
    }
}
