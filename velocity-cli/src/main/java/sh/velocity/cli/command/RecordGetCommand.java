package sh.velocity.cli.command;

import jakarta.json.JsonObject;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import sh.velocity.cli.io.Console;
import sh.velocity.cli.io.ExitCode;

/** {@code velocity record get}: one record, masked unless {@code --unmask} (which the server authorises and audits). */
@Command(name = "get", description = "Show one record.")
public final class RecordGetCommand implements Callable<Integer> {

    private final Console console;

    @Option(names = "--schema", required = true, paramLabel = "PATH", description = "The record type's schema path.")
    String schema;

    @Parameters(index = "0", paramLabel = "ID", description = "The record's id.")
    String id;

    @Option(names = "--unmask", description = "Show sensitive fields unmasked (needs the unmask permission; audited).")
    boolean unmask;

    @Mixin
    ServerOptions server;

    @Mixin
    OutputOptions output;

    public RecordGetCommand(Console console) {
        this.console = console;
    }

    @Override
    public Integer call() {
        String route = Routes.records(schema) + "/" + Routes.id(id, "record id") + (unmask ? "?unmask=true" : "");
        JsonObject record = server.connect(console, output).call("GET", route, null, null, Map.of()).object();
        output.print(console, record, () -> Cells.vertical(record).print(console.out()));
        return ExitCode.OK;
    }
}
