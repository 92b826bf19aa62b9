package sh.velocity.cli.command;

import jakarta.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Mixin;
import sh.velocity.audit.domain.export.ExportFormat;
import sh.velocity.cli.io.Console;
import sh.velocity.cli.io.ExitCode;

/** {@code velocity version}: this client's version and the audit export format it verifies. */
@Command(name = "version", description = "Print the client's version.")
public final class VersionCommand implements Callable<Integer> {

    private final Console console;

    @Mixin
    OutputOptions output;

    public VersionCommand(Console console) {
        this.console = console;
    }

    @Override
    public Integer call() {
        output.print(console, Json.createObjectBuilder().add("version", version())
                .add("exportFormat", ExportFormat.NAME).add("java", Runtime.version().toString()).build(),
                () -> console.out().println("velocity " + version() + " (verifies " + ExportFormat.NAME + ")"));
        return ExitCode.OK;
    }

    /** The build's version, filtered into velocity-cli.properties. */
    public static String version() {
        Properties p = new Properties();
        try (InputStream in = VersionCommand.class.getResourceAsStream("/velocity-cli.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            return "unknown";
        }
        return p.getProperty("version", "unknown");
    }

    /** For {@code velocity --version}. */
    public static final class Provider implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"velocity " + version()};
        }
    }
}
