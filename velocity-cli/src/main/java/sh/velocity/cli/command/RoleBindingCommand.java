package sh.velocity.cli.command;

import jakarta.json.JsonObject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import sh.velocity.cli.io.Table;

/** {@code velocity role-binding}: grant a principal a role on a schema-path prefix, list, withdraw. */
@Command(name = "role-binding", description = "Grant, list and withdraw roles on schema-path prefixes.",
        subcommands = {RoleBindingCreateCommand.class, RoleBindingListCommand.class, RoleBindingDeleteCommand.class})
public final class RoleBindingCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Name a subcommand: create, list or delete.");
    }

    static Table table() {
        return Table.of(Cells.LIST_CELL, "ID", "PRINCIPAL", "ROLE", "PATH", "CREATED", "CREATED_BY");
    }

    static void row(Table t, JsonObject b) {
        t.row(Cells.text(b, "id"), Cells.text(b, "principal"), Cells.text(b, "role"), Cells.text(b, "pathPrefix"),
                Cells.text(b, "createdAt"), Cells.text(b, "createdBy"));
    }
}
