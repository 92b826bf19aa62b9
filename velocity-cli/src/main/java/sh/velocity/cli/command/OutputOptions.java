package sh.velocity.cli.command;

import picocli.CommandLine.Option;

/** {@code -o text|json} and {@code --verbose}, on every command. */
public final class OutputOptions {

    /** The output formats. */
    public enum Format { text, json }

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "text",
            description = "text (default) or json: one JSON object on stdout, errors included.")
    Format format;

    @Option(names = "--verbose", description = "Trace each request (method, URL, status, request id) on stderr.")
    boolean verbose;

    public boolean json() {
        return format == Format.json;
    }

    public boolean verbose() {
        return verbose;
    }
}
