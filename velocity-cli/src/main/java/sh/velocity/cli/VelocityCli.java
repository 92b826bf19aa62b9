package sh.velocity.cli;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.lang.reflect.Constructor;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import sh.velocity.cli.command.AuditCommand;
import sh.velocity.cli.command.LoginCommand;
import sh.velocity.cli.command.VersionCommand;
import sh.velocity.cli.io.CliFailure;
import sh.velocity.cli.io.Console;
import sh.velocity.cli.io.ExitCode;

/**
 * The {@code velocity} program. {@link #run} is the whole CLI behind an explicit {@link Console}
 * (streams, environment, terminal or not), so it can be called in-process and observed exactly;
 * {@link #main} binds it to the real ones and exits with its code.
 *
 * <p>Every way a command can end maps to CONTRACT.md's exit codes: 0 done, 1 the check failed,
 * 2 a usage error (picocli's parse errors included), 3 the server could not be reached or refused.
 * Nothing ends with a stack trace.
 */
@Command(name = "velocity", mixinStandardHelpOptions = true, versionProvider = VersionCommand.Provider.class,
        description = "The Velocity command-line client.",
        subcommands = {LoginCommand.class, AuditCommand.class, VersionCommand.class})
public final class VelocityCli implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Name a command: login, audit or version.");
    }

    public static void main(String[] args) {
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
        System.exit(run(args, new Console(out, err, System.getenv(), System.console() != null)));
    }

    /** Runs one command line; returns the exit code. */
    public static int run(String[] args, Console console) {
        boolean json = wantsJson(args);
        CommandLine cli = new CommandLine(new VelocityCli(), new Factory(console));
        cli.setOut(new PrintWriter(console.out(), true));
        cli.setErr(new PrintWriter(console.err(), true));
        cli.setParameterExceptionHandler((e, a) -> {
            console.failure(CliFailure.usage(e.getMessage().replaceFirst("^Error: ", "")), json);
            if (!json) {
                console.err().println("Try '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
            }
            return ExitCode.USAGE;
        });
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof CliFailure f) {
                console.failure(f, json);
                return f.exitCode();
            }
            console.failure(CliFailure.server("unexpected " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage())), json);
            return ExitCode.SERVER;
        });
        return cli.execute(args);
    }

    /** Whether errors found before the options are parsed should be JSON too. */
    private static boolean wantsJson(String[] args) {
        List<String> a = Arrays.asList(args);
        for (int i = 0; i < a.size(); i++) {
            String s = a.get(i);
            if (s.equals("-ojson") || s.equals("--output=json") || s.equals("-o=json")
                    || (s.equals("-o") || s.equals("--output")) && i + 1 < a.size() && a.get(i + 1).equals("json")) {
                return true;
            }
        }
        return false;
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
