package sh.velocity.cli.command;

import jakarta.json.JsonValue;
import picocli.CommandLine.Option;
import sh.velocity.cli.io.Console;
import sh.velocity.cli.io.OutputFormat;

/** {@code -o table|json|yaml} and {@code --verbose}, on every command. */
public final class OutputOptions {

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "table",
            description = "table (default; text is the same), json or yaml: one document on stdout, errors included.")
    OutputFormat format;

    @Option(names = "--verbose", description = "Trace each request (method, URL, status, request id) on stderr.")
    boolean verbose;

    public OutputFormat format() {
        return format;
    }

    /** Whether stdout gets one JSON or YAML document rather than lines for a person. */
    public boolean structured() {
        return format.structured();
    }

    public boolean verbose() {
        return verbose;
    }

    /** Prints {@code document} as JSON or YAML when asked for, else runs {@code text}. */
    void print(Console console, JsonValue document, Runnable text) {
        if (structured()) {
            console.document(format, document);
        } else {
            text.run();
        }
    }
}
