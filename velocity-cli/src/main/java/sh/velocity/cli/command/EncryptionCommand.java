package sh.velocity.cli.command;

import jakarta.json.JsonObject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import sh.velocity.cli.io.Table;

/** {@code velocity encryption}: data-key metadata and key rotations ({@code encryption.manage} on {@code *}). */
@Command(name = "encryption", description = "List field-encryption keys, rotate an organisation's key, follow a rotation.",
        subcommands = {EncryptionKeysCommand.class, EncryptionRotateCommand.class, EncryptionRotationCommand.class})
public final class EncryptionCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Name a subcommand: keys, rotate or rotation.");
    }

    static Table rotationTable() {
        return Table.of(Cells.LIST_CELL, "ID", "NAMESPACE", "KEY_VERSION", "STATE", "DONE", "TOTAL", "STARTED", "ERROR");
    }

    static void rotationRow(Table t, JsonObject r) {
        t.row(Cells.text(r, "id"), Cells.text(r, "namespace"), Cells.text(r, "keyVersion"), Cells.text(r, "state"),
                Cells.text(r, "done"), Cells.text(r, "total"), Cells.text(r, "createdAt"), Cells.text(r, "error"));
    }
}
