package sh.velocity.schema.application.internal;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.sql.SQLException;
import java.util.List;
import sh.velocity.audit.api.AuditEvent;
import sh.velocity.audit.api.AuditTrail;
import sh.velocity.auth.api.Authorizer;
import sh.velocity.auth.api.Verb;
import sh.velocity.kernel.SchemaPath;
import sh.velocity.kernel.problem.ErrorCode;
import sh.velocity.kernel.problem.VelocityException;
import sh.velocity.schema.api.AppliedSchema;
import sh.velocity.schema.api.SchemaAdministration;
import sh.velocity.schema.api.SchemaDetail;
import sh.velocity.schema.api.SchemaSummary;
import sh.velocity.schema.domain.ManifestParser;
import sh.velocity.schema.domain.SchemaManifest;
import sh.velocity.schema.infrastructure.persistence.JdbcSchemaRegistry;
import sh.velocity.schema.infrastructure.persistence.JdbcSchemaRegistry.Stored;

/**
 * Applies a manifest in one transaction: DDL through the gateway, the registry row, its history
 * entry and the audit event commit together or not at all ({@link SchemaWriter}). A namespace under
 * the approval chain is refused here with 409 {@code APPROVAL_REQUIRED}, whoever asks: its changes
 * are applied only by {@link DefaultSchemaChanges}, after a second and a third principal.
 */
@ApplicationScoped
public class DefaultSchemaAdministration implements SchemaAdministration {

    private final ManifestParser parser = new ManifestParser();

    @Inject
    JdbcSchemaRegistry registry;

    @Inject
    SchemaWriter writer;

    @Inject
    Authorizer authorizer;

    @Inject
    AuditTrail audit;

    @Inject
    CelRecordRules rules;

    @Inject
    ApprovalSettings approvals;

    @Override
    public String kindOf(String manifestText) {
        return ManifestParser.kindOf(manifestText);
    }

    @Override
    public java.util.Map<?, ?> manifestDocument(String manifestText) {
        return ManifestParser.document(manifestText);
    }

    @Override
    @Transactional
    public AppliedSchema apply(String manifestText) {
        SchemaManifest manifest = parser.parse(manifestText);
        rules.admit(manifest);
        SchemaPath path = manifest.path();
        authorizer.require(Verb.SCHEMA_APPLY, path.toString(), AuditEvent.PLATFORM_CHAIN, "schema.apply");
        if (approvals.protects(path.namespace())) {
            String detail = ApprovalSettings.approvalRequired(path.namespace());
            audit.appendIndependently(AuditEvent.denied(AuditEvent.PLATFORM_CHAIN, "schema.apply", path.toString(),
                    ErrorCode.APPROVAL_REQUIRED.name() + ": " + detail));
            throw new VelocityException(ErrorCode.APPROVAL_REQUIRED, detail);
        }
        try {
            return writer.write(manifest, registry.find(path, true), null);
        } catch (SQLException e) {
            throw new VelocityException(ErrorCode.INTERNAL_ERROR, "The schema registry could not be updated.");
        }
    }

    @Override
    @Transactional
    public List<SchemaSummary> list() {
        try {
            return registry.readable();
        } catch (SQLException e) {
            throw new VelocityException(ErrorCode.INTERNAL_ERROR, "The schema registry could not be read.");
        }
    }

    @Override
    @Transactional
    public SchemaDetail show(SchemaPath path) {
        if (!authorizer.has(Verb.SCHEMA_READ, path.toString())) {
            throw new VelocityException(ErrorCode.NOT_FOUND, "No schema " + path + ".");
        }
        try {
            SchemaSummary summary = registry.summary(path)
                    .orElseThrow(() -> new VelocityException(ErrorCode.NOT_FOUND, "No schema " + path + "."));
            String manifest = registry.find(path, false).map(Stored::manifestJson).orElse("{}");
            return new SchemaDetail(summary, manifest, registry.history(path));
        } catch (SQLException e) {
            throw new VelocityException(ErrorCode.INTERNAL_ERROR, "The schema registry could not be read.");
        }
    }
}
