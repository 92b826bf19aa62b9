package sh.velocity.cli.command;

import jakarta.json.JsonObject;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import sh.velocity.cli.io.Console;
import sh.velocity.cli.io.ExitCode;

/** {@code velocity compliance waivers revoke}: {@code DELETE /compliance/waivers/{id}}; it covers nothing from now on. */
@Command(name = "revoke", description = "Revoke a waiver now.")
public final class WaiverRevokeCommand implements Callable<Integer> {

    private final Console console;

    @Parameters(index = "0", paramLabel = "ID", description = "The waiver's id (from compliance waivers list).")
    String id;

    @Mixin
    ServerOptions server;

    @Mixin
    OutputOptions output;

    public WaiverRevokeCommand(Console console) {
        this.console = console;
    }

    @Override
    public Integer call() {
        JsonObject waiver = server.connect(console, output).call("DELETE", "/compliance/waivers/"
                + Routes.id(id, "waiver id"), null, null, Map.of()).object();
        output.print(console, waiver, () -> console.out().println("Revoked waiver " + id + "."));
        return ExitCode.OK;
    }
}
