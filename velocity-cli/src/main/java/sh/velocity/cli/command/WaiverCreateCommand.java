package sh.velocity.cli.command;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import sh.velocity.cli.io.CliFailure;
import sh.velocity.cli.io.Console;
import sh.velocity.cli.io.ExitCode;

/** {@code velocity compliance waivers create}: {@code POST /compliance/waivers}; audited with the justification. */
@Command(name = "create", description = "Waive one control of one pack on a schema path prefix, for a while.")
public final class WaiverCreateCommand implements Callable<Integer> {

    private final Console console;

    @Option(names = "--pack", required = true, paramLabel = "PACK", description = "The enabled pack, e.g. pci-dss.")
    String pack;

    @Option(names = "--control", required = true, paramLabel = "ID", description = "The control, e.g. PCI-3.4.1.")
    String control;

    @Option(names = "--schema", required = true, paramLabel = "PATH",
            description = "A schema path or a prefix of one (at least the namespace).")
    String schema;

    @Option(names = "--justification", required = true, paramLabel = "TEXT",
            description = "Why the control may fail, and until when (20 to 2000 characters).")
    String justification;

    @Option(names = "--ttl", paramLabel = "TTL", description = "How long it lasts: 1d to 365d.")
    String ttl;

    @Option(names = "--expires-at", paramLabel = "TIME", description = "Or when it ends (ISO-8601), within a year.")
    String expiresAt;

    @Mixin
    ServerOptions server;

    @Mixin
    OutputOptions output;

    public WaiverCreateCommand(Console console) {
        this.console = console;
    }

    @Override
    public Integer call() {
        if ((ttl == null) == (expiresAt == null)) {
            throw CliFailure.usage("Give exactly one of --ttl and --expires-at: a waiver always expires.");
        }
        JsonObjectBuilder body = Json.createObjectBuilder().add("pack", pack).add("control", control)
                .add("schema", schema).add("justification", justification);
        if (ttl != null) {
            body.add("ttl", ttl);
        } else {
            body.add("expiresAt", expiresAt);
        }
        JsonObject waiver = server.connect(console, output).call("POST", "/compliance/waivers", "application/json",
                body.build().toString(), Map.of()).object();
        output.print(console, waiver, () -> ComplianceWaiversCommand.print(console.out(), waiver));
        return ExitCode.OK;
    }
}
