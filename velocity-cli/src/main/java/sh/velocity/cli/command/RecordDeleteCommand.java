package sh.velocity.cli.command;

import jakarta.json.Json;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import sh.velocity.cli.http.ApiResponse;
import sh.velocity.cli.io.Console;
import sh.velocity.cli.io.ExitCode;

/** {@code velocity record delete}: {@code DELETE}, conditional on the version with {@code --if-match}. */
@Command(name = "delete", description = "Delete a record.")
public final class RecordDeleteCommand implements Callable<Integer> {

    private final Console console;

    @Option(names = "--schema", required = true, paramLabel = "PATH", description = "The record type's schema path.")
    String schema;

    @Parameters(index = "0", paramLabel = "ID", description = "The record's id.")
    String id;

    @Option(names = "--if-match", paramLabel = "VERSION",
            description = "Delete only if the record is at this version; else the server answers 412.")
    Long ifMatch;

    @Option(names = "--idempotency-key", paramLabel = "KEY", description = "Make a retry of this delete safe.")
    String idempotencyKey;

    @Mixin
    ServerOptions server;

    @Mixin
    OutputOptions output;

    public RecordDeleteCommand(Console console) {
        this.console = console;
    }

    @Override
    public Integer call() {
        String path = Routes.schemaPath(schema);
        String route = Routes.records(schema) + "/" + Routes.id(id, "record id");
        ApiResponse r = server.connect(console, output).call("DELETE", route, null, null,
                RecordCommand.headers(idempotencyKey, ifMatch));
        output.print(console, Json.createObjectBuilder().add("schema", path).add("id", id).add("deleted", true).build(),
                () -> console.out().println("Deleted record " + id + " from " + path + RecordCommand.replayNote(r)));
        return ExitCode.OK;
    }
}
