package sh.velocity.cli.command;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import sh.velocity.cli.io.Console;
import sh.velocity.cli.io.ExitCode;

/**
 * {@code velocity completion bash|zsh}: the shell completion script picocli generates from the
 * command model itself, so it always matches this build's commands and options. The script is one
 * for both shells: in zsh it loads {@code bashcompinit} itself.
 */
@Command(name = "completion", description = "Print a shell completion script: source <(velocity completion bash).")
public final class CompletionCommand implements Callable<Integer> {

    /** The shells the script supports. */
    public enum Shell { bash, zsh }

    private final Console console;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SHELL", description = "bash or zsh.")
    Shell shell;

    public CompletionCommand(Console console) {
        this.console = console;
    }

    @Override
    public Integer call() {
        console.out().print(AutoComplete.bash(spec.root().name(), spec.root().commandLine()));
        console.out().flush();
        return ExitCode.OK;
    }
}
