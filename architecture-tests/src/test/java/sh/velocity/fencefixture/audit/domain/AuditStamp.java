package sh.velocity.fencefixture.audit.domain;

import jakarta.json.JsonObject;
import sh.velocity.fencefixture.cli.ShellCommand;

/** Violations: an audit domain class that uses JSON-P (a container API) and depends on the CLI. */
public record AuditStamp(JsonObject payload, ShellCommand printer) {
}
