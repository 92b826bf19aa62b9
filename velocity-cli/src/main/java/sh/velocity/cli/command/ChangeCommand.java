package sh.velocity.cli.command;

import jakarta.json.JsonObject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import sh.velocity.cli.io.Console;
import sh.velocity.cli.io.Table;

/**
 * {@code velocity change}: the approval chain for protected namespaces ({@code /schema-changes}).
 * The author submits, a reviewer approves or rejects, an admin applies — three principals, which the
 * server enforces; these commands only send the steps.
 */
@Command(name = "change", description = "Schema changes for protected namespaces: submit, review, apply.",
        subcommands = {ChangeSubmitCommand.class, ChangeListCommand.class, ChangeShowCommand.class,
                ChangeApproveCommand.class, ChangeRejectCommand.class, ChangeApplyCommand.class})
public final class ChangeCommand implements Runnable {

    static final String ROUTE = "/schema-changes";

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(),
                "Name a subcommand: submit, list, show, approve, reject or apply.");
    }

    static Table table() {
        return Table.of(Cells.LIST_CELL, "ID", "STATUS", "SCHEMA", "SUBMITTED_BY", "REVIEWED_BY", "APPLIED_BY",
                "SUBMITTED");
    }

    static void row(Table t, JsonObject c) {
        String status = Cells.text(c, "status") + (c.getBoolean("stale", false) ? " (stale)" : "");
        t.row(Cells.text(c, "id"), status, Cells.text(c, "schemaPath"), Cells.text(c, "submittedBy"),
                Cells.text(c, "reviewedBy"), Cells.text(c, "appliedBy"), Cells.text(c, "submittedAt"));
    }

    /** One change as text: the chain's steps, then what it changes. */
    static void print(Console console, JsonObject c) {
        Table t = Table.of(0, "FIELD", "VALUE");
        for (String key : new String[] {"id", "status", "schemaPath", "baseGeneration", "breaking", "stale",
                "submittedBy", "submittedAt", "reviewedBy", "reviewedAt", "reviewReason", "appliedBy", "appliedAt",
                "appliedGeneration"}) {
            if (c.containsKey(key)) {
                t.row(key, Cells.text(c, key));
            }
        }
        t.print(console.out());
        if (c.containsKey("changes")) {
            console.out().println("Changes:");
            c.getJsonArray("changes").forEach(v -> console.out().println("  - " + Table.cell(Cells.text(v), 200)));
        }
    }

    /** The line each step prints: what happened to which change, and what comes next. */
    static String summary(JsonObject c) {
        String id = Cells.text(c, "id");
        return switch (Cells.text(c, "status")) {
            case "pending" -> "Submitted change " + id + " for " + Cells.text(c, "schemaPath")
                    + "; a reviewer approves it with: velocity change approve " + id;
            case "approved" -> "Approved change " + id + "; an admin (neither author nor reviewer) applies it with: "
                    + "velocity change apply " + id;
            case "rejected" -> "Rejected change " + id + ".";
            case "applied" -> "Applied change " + id + ": " + Cells.text(c, "schemaPath") + " is at generation "
                    + Cells.text(c, "appliedGeneration") + ".";
            default -> "Change " + id + " is " + Table.cell(Cells.text(c, "status"), 40) + ".";
        };
    }
}
