package sh.velocity.cli.command;

import jakarta.json.JsonObject;
import java.io.PrintStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import sh.velocity.cli.io.Table;

/**
 * {@code velocity compliance waivers}: grant, list and revoke waivers of failing compliance controls
 * ({@code compliance.waive} to grant and revoke, {@code compliance.read} to list).
 */
@Command(name = "waivers", description = "Create, list and revoke compliance waivers.",
        subcommands = {WaiverCreateCommand.class, WaiverListCommand.class, WaiverRevokeCommand.class})
public final class ComplianceWaiversCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Name a subcommand: create, list or revoke.");
    }

    static Table table() {
        return Table.of(Cells.LIST_CELL, "ID", "PACK", "CONTROL", "SCHEMA", "STATUS", "EXPIRES", "CREATED BY",
                "JUSTIFICATION");
    }

    static void row(Table t, JsonObject w) {
        t.row(Cells.text(w, "id"), Cells.text(w, "pack"), Cells.text(w, "control"), Cells.text(w, "schema"),
                Cells.text(w, "status"), Cells.text(w, "expiresAt"), Cells.text(w, "createdBy"),
                Cells.text(w, "justification"));
    }

    static void print(PrintStream out, JsonObject w) {
        Table t = table();
        row(t, w);
        t.print(out);
    }
}
