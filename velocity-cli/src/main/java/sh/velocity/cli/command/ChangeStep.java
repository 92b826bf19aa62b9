package sh.velocity.cli.command;

import jakarta.json.JsonObject;
import java.util.Map;
import sh.velocity.cli.http.VelocityClient;
import sh.velocity.cli.io.Console;
import sh.velocity.cli.io.ExitCode;

/** One step of the chain on one change: {@code POST /schema-changes/{id}/{step}} and its summary line. */
final class ChangeStep {

    private ChangeStep() {
    }

    static int take(Console console, ServerOptions server, OutputOptions output, String id, String step, String body) {
        VelocityClient client = server.connect(console, output);
        JsonObject change = client.call("POST", ChangeCommand.ROUTE + "/" + Routes.id(id, "change id") + "/" + step,
                "application/json", body, Map.of()).object();
        output.print(console, change, () -> console.out().println(ChangeCommand.summary(change)));
        return ExitCode.OK;
    }
}
