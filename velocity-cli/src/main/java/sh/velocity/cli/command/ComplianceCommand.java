package sh.velocity.cli.command;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code velocity compliance}: compliance waivers (packs themselves are applied with {@code velocity apply}). */
@Command(name = "compliance", description = "Compliance waivers.", subcommands = {ComplianceWaiversCommand.class})
public final class ComplianceCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Name a subcommand: waivers.");
    }
}
