package sh.velocity.cli.command;

import jakarta.json.JsonObject;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import sh.velocity.cli.io.Console;
import sh.velocity.cli.io.ExitCode;
import sh.velocity.cli.io.Table;

/** {@code velocity compliance waivers list}: {@code GET /compliance/waivers}, newest first. */
@Command(name = "list", description = "List active waivers (--all: expired and revoked too).")
public final class WaiverListCommand implements Callable<Integer> {

    private final Console console;

    @Option(names = "--all", description = "Expired and revoked waivers too.")
    boolean all;

    @Mixin
    ServerOptions server;

    @Mixin
    OutputOptions output;

    public WaiverListCommand(Console console) {
        this.console = console;
    }

    @Override
    public Integer call() {
        JsonObject page = server.connect(console, output).call("GET", "/compliance/waivers" + (all ? "?all=true" : ""),
                null, null, Map.of()).object();
        output.print(console, page, () -> {
            Table t = ComplianceWaiversCommand.table();
            page.getJsonArray("items").forEach(v -> ComplianceWaiversCommand.row(t, v.asJsonObject()));
            if (t.isEmpty()) {
                console.out().println(all ? "No waivers." : "No active waivers.");
            } else {
                t.print(console.out());
            }
        });
        return ExitCode.OK;
    }
}
