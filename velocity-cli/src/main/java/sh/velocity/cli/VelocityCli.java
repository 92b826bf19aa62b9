package sh.velocity.cli;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.lang.reflect.Constructor;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;
import sh.velocity.cli.command.ApiKeyCommand;
import sh.velocity.cli.command.ApplyCommand;
import sh.velocity.cli.command.AuditCommand;
import sh.velocity.cli.command.ChangeCommand;
import sh.velocity.cli.command.ComplianceCommand;
import sh.velocity.cli.command.EncryptionCommand;
import sh.velocity.cli.command.CompletionCommand;
import sh.velocity.cli.command.DoctorCommand;
import sh.velocity.cli.command.LoginCommand;
import sh.velocity.cli.command.RecordCommand;
import sh.velocity.cli.command.RoleBindingCommand;
import sh.velocity.cli.command.VersionCommand;
import sh.velocity.cli.io.CliFailure;
import sh.velocity.cli.io.Console;
import sh.velocity.cli.io.ExitCode;
import sh.velocity.cli.io.OutputFormat;

/**
 * The {@code velocity} program. {@link #run} is the whole CLI behind an explicit {@link Console}
 * (streams, environment, terminal or not), so it can be called in-process and observed exactly;
 * {@link #main} binds it to the real ones and exits with its code.
 *
 * <p>Every way a command can end maps to CONTRACT.md's exit codes: 0 done, 1 the check failed,
 * 2 a usage error (picocli's parse errors included), 3 the server could not be reached or refused.
 * Nothing ends with a stack trace.
 */
@Command(name = "velocity", mixinStandardHelpOptions = true, scope = ScopeType.INHERIT,
        versionProvider = VersionCommand.Provider.class, description = "The Velocity command-line client.",
        subcommands = {LoginCommand.class, ApplyCommand.class, RecordCommand.class, ApiKeyCommand.class,
                RoleBindingCommand.class, ChangeCommand.class, AuditCommand.class, ComplianceCommand.class,
                EncryptionCommand.class, DoctorCommand.class, CompletionCommand.class, VersionCommand.class})
public final class VelocityCli implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Name a command: login, apply, record, api-key, role-binding, "
                + "change, audit, compliance, encryption, doctor, completion or version.");
    }

    public static void main(String[] args) {
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
        System.exit(run(args, new Console(out, err, System.getenv(), System.console() != null)));
    }

    /** Runs one command line; returns the exit code. */
    public static int run(String[] args, Console console) {
        OutputFormat format = OutputFormat.requested(args);
        CommandLine cli = new CommandLine(new VelocityCli(), new Factory(console));
        // "--data @po.json" names a file the command reads, not one of picocli's argument files.
        cli.setExpandAtFiles(false);
        cli.setOut(new PrintWriter(console.out(), true));
        cli.setErr(new PrintWriter(console.err(), true));
        cli.setParameterExceptionHandler((e, a) -> {
            console.failure(CliFailure.usage(e.getMessage().replaceFirst("^Error: ", "")), format);
            if (!format.structured()) {
                console.err().println("Try '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
            }
            return ExitCode.USAGE;
        });
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof CliFailure f) {
                console.failure(f, format);
                return f.exitCode();
            }
            console.failure(CliFailure.server("unexpected " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage())), format);
            return ExitCode.SERVER;
        });
        return cli.execute(args);
    }

    /** Gives each command that asks for one the {@link Console}. */
    private static final class Factory implements CommandLine.IFactory {

        private final Console console;

        Factory(Console console) {
            this.console = console;
        }

        @Override
        public <K> K create(Class<K> type) throws Exception {
            try {
                Constructor<K> c = type.getDeclaredConstructor(Console.class);
                return c.newInstance(console);
            } catch (NoSuchMethodException e) {
                return CommandLine.defaultFactory().create(type);
            }
        }
    }

}
