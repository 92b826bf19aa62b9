package sh.velocity.cli.command;

import jakarta.json.JsonObject;
import java.io.PrintStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import sh.velocity.cli.io.Table;

/** {@code velocity api-key}: issue, list, revoke and rotate API keys ({@code apikey.manage}). */
@Command(name = "api-key", description = "Create, list, revoke and rotate API keys.",
        subcommands = {ApiKeyCreateCommand.class, ApiKeyListCommand.class, ApiKeyRevokeCommand.class,
                ApiKeyRotateCommand.class})
public final class ApiKeyCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Name a subcommand: create, list, revoke or rotate.");
    }

    /**
     * An issued key for a person: its metadata, then the plaintext on a line of its own, said to be
     * shown once. The only place the CLI prints a secret.
     */
    static void printIssued(PrintStream out, JsonObject issued) {
        Table.of(0, "ID", "NAME", "PRINCIPAL", "EXPIRES").row(Cells.text(issued, "id"), Cells.text(issued, "name"),
                Cells.text(issued, "principal"), Cells.text(issued, "expiresAt")).print(out);
        out.println();
        out.println("The key, shown this once (the server keeps only its hash); store it now:");
        out.println(Table.cell(Cells.text(issued, "key"), 0));
    }
}
