package sh.velocity.cli.io;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The CLI's view of the world it runs in: its standard streams, its environment, and whether standard
 * output is a terminal. Passed in rather than read from {@code System} so a test (or another
 * program) can run the CLI in-process and see exactly what a user would. Colour only on a terminal,
 * and never with {@code NO_COLOR} set or {@code TERM=dumb}: a pipe or a file gets plain text.
 */
public final class Console {

    private static final String GREEN = "\u001b[32m";
    private static final String RED = "\u001b[31m";
    private static final String RESET = "\u001b[0m";

    private final InputStream in;
    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> env;
    private final boolean terminal;

    /** With the process's standard input. */
    public Console(PrintStream out, PrintStream err, Map<String, String> env, boolean terminal) {
        this(System.in, out, err, env, terminal);
    }

    public Console(InputStream in, PrintStream out, PrintStream err, Map<String, String> env, boolean terminal) {
        this.in = Objects.requireNonNull(in, "in");
        this.out = Objects.requireNonNull(out, "out");
        this.err = Objects.requireNonNull(err, "err");
        this.env = Map.copyOf(env);
        this.terminal = terminal;
    }

    /** Standard input, for {@code -f -} and {@code --data @-}. */
    public InputStream in() {
        return in;
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

    /** One machine-readable document on stdout: JSON on one line, or YAML. */
    public void document(OutputFormat format, JsonValue value) {
        if (format == OutputFormat.yaml) {
            out.print(YamlText.of(value));
        } else {
            out.println(value);
        }
        out.flush();
    }

    /** Reports a failure: one document ({@code {"error": …}}) on stdout when structured, else lines on stderr. */
    public void failure(CliFailure f, OutputFormat format) {
        if (format.structured()) {
            document(format, Json.createObjectBuilder().add("error", errorJson(f)).build());
            return;
        }
        if (f.status() != null) {
            err.println("velocity: the server answered " + f.status() + " " + Table.cell(f.code(), 80) + ": "
                    + Table.cell(f.getMessage(), 0)
                    + (f.requestId() == null ? "" : " (request id " + f.requestId() + ")"));
        } else {
            err.println("velocity: " + f.getMessage());
        }
        f.errors().forEach(e -> err.println("  " + Table.cell(e.field(), 200) + ": " + Table.cell(e.message(), 500)));
    }

    /** A failure as the {@code error} member of a structured answer. */
    public static JsonObject errorJson(CliFailure f) {
        JsonObjectBuilder e = Json.createObjectBuilder().add("code", f.code()).add("message", f.getMessage())
                .add("exitCode", f.exitCode());
        if (f.status() != null) {
            e.add("status", f.status());
        }
        if (f.requestId() != null) {
            e.add("requestId", f.requestId());
        }
        if (!f.errors().isEmpty()) {
            JsonArrayBuilder list = Json.createArrayBuilder();
            f.errors().forEach(x -> list.add(Json.createObjectBuilder().add("field", x.field()).add("message", x.message())));
            e.add("errors", list);
        }
        return e.build();
    }
}
