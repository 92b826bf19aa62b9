package sh.velocity.cli.command;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import sh.velocity.kernel.SchemaPath;
import sh.velocity.cli.io.CliFailure;

/** {@code velocity audit}: the audit log's commands. */
@Command(name = "audit", description = "Verify, list and export audit chains.",
        subcommands = {AuditVerifyCommand.class, AuditEventsCommand.class, AuditExportCommand.class})
public final class AuditCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Name a subcommand: verify, events or export.");
    }

    /** The query parameter naming a chain: {@code platform} or a well-formed schema path. */
    static String schemaQuery(String schema) {
        if (!"platform".equals(schema)) {
            try {
                SchemaPath.parse(schema);
            } catch (IllegalArgumentException e) {
                throw CliFailure.usage("--schema must be 'platform' or namespace/domain/subdomain/name/version: "
                        + e.getMessage());
            }
        }
        return "schema=" + URLEncoder.encode(schema, StandardCharsets.UTF_8);
    }
}
