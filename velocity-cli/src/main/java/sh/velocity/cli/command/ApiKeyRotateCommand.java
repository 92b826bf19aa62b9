package sh.velocity.cli.command;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import sh.velocity.cli.io.Console;
import sh.velocity.cli.io.ExitCode;
import sh.velocity.cli.io.Progress;

/**
 * {@code velocity api-key rotate}: {@code POST /api-keys/{id}/rotate}. A new key for the same name
 * and principal, printed once; the old one keeps working for the overlap and then expires, so
 * clients switch without downtime.
 */
@Command(name = "rotate", description = "Replace an API key; the old one keeps working for --overlap.")
public final class ApiKeyRotateCommand implements Callable<Integer> {

    private final Console console;

    @Parameters(index = "0", paramLabel = "ID", description = "The key to replace.")
    String id;

    @Option(names = "--overlap", paramLabel = "DURATION",
            description = "How long the old key keeps working, e.g. 24h (server default: 24h).")
    String overlap;

    @Option(names = "--ttl", paramLabel = "TTL", description = "The new key's lifetime (default: the old key's).")
    String ttl;

    @Mixin
    ServerOptions server;

    @Mixin
    OutputOptions output;

    public ApiKeyRotateCommand(Console console) {
        this.console = console;
    }

    @Override
    public Integer call() {
        JsonObjectBuilder body = Json.createObjectBuilder();
        if (overlap != null) {
            body.add("overlap", overlap);
        }
        if (ttl != null) {
            body.add("ttl", ttl);
        }
        String route = "/api-keys/" + Routes.id(id, "key id") + "/rotate";
        JsonObject issued;
        try (Progress progress = Progress.start(console, "Rotating API key " + id)) {
            issued = server.connect(console, output).call("POST", route, "application/json", body.build().toString(),
                    Map.of()).object();
            progress.update(1, 1, "keys");
        }
        output.print(console, issued, () -> {
            console.out().println("Rotated API key " + id + ": it keeps working for " + (overlap == null
                    ? "the server's overlap (default 24h)" : overlap) + ", then expires.");
            ApiKeyCommand.printIssued(console.out(), issued);
        });
        return ExitCode.OK;
    }
}
