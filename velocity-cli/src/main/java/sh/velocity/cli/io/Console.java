package sh.velocity.cli.io;

import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The CLI's view of the world it runs in: its two streams, its environment, and whether standard
 * output is a terminal. Passed in rather than read from {@code System} so a test (or another
 * program) can run the CLI in-process and see exactly what a user would. Colour only on a terminal,
 * and never with {@code NO_COLOR} set or {@code TERM=dumb}: a pipe or a file gets plain text.
 */
public final class Console {

    private static final String GREEN = "\u001b[32m";
    private static final String RED = "\u001b[31m";
    private static final String RESET = "\u001b[0m";

    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> env;
    private final boolean terminal;

    public Console(PrintStream out, PrintStream err, Map<String, String> env, boolean terminal) {
        this.out = Objects.requireNonNull(out, "out");
        this.err = Objects.requireNonNull(err, "err");
        this.env = Map.copyOf(env);
        this.terminal = terminal;
    }

    public PrintStream out() {
        return out;
    }

    public PrintStream err() {
        return err;
    }

    /** An environment variable that is set and not blank. */
    public Optional<String> env(String name) {
        return Optional.ofNullable(env.get(name)).filter(v -> !v.isBlank());
    }

    public boolean isTerminal() {
        return terminal;
    }

    public Path home() {
        return Path.of(env("HOME").orElse(System.getProperty("user.home")));
    }

    public String green(String text) {
        return colour() ? GREEN + text + RESET : text;
    }

    public String red(String text) {
        return colour() ? RED + text + RESET : text;
    }

    private boolean colour() {
        return terminal && env("NO_COLOR").isEmpty() && !"dumb".equals(env.get("TERM"));
    }

    /** Reports a failure: one JSON object on stdout with {@code -o json}, else a line on stderr. */
    public void failure(CliFailure f, boolean json) {
        if (json) {
            JsonObjectBuilder e = Json.createObjectBuilder().add("code", f.code()).add("message", f.getMessage())
                    .add("exitCode", f.exitCode());
            if (f.status() != null) {
                e.add("status", f.status());
            }
            if (f.requestId() != null) {
                e.add("requestId", f.requestId());
            }
            out.println(Json.createObjectBuilder().add("error", e).build());
            return;
        }
        if (f.status() != null) {
            err.println("velocity: the server answered " + f.status() + " " + f.code() + ": " + f.getMessage()
                    + (f.requestId() == null ? "" : " (request id " + f.requestId() + ")"));
        } else {
            err.println("velocity: " + f.getMessage());
        }
    }
}
