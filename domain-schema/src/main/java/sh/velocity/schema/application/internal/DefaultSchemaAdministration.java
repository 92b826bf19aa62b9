package sh.velocity.schema.application.internal;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.transaction.Transactional;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import sh.velocity.audit.api.AuditEvent;
import sh.velocity.audit.api.AuditResult;
import sh.velocity.audit.api.AuditTrail;
import sh.velocity.auth.api.Authorizer;
import sh.velocity.auth.api.Verb;
import sh.velocity.kernel.SchemaPath;
import sh.velocity.kernel.problem.ErrorCode;
import sh.velocity.kernel.problem.VelocityException;
import sh.velocity.kernel.request.RequestContext;
import sh.velocity.schema.api.AppliedSchema;
import sh.velocity.schema.api.ApplyOutcome;
import sh.velocity.schema.api.PolicyDecision;
import sh.velocity.schema.api.SchemaAdministration;
import sh.velocity.schema.api.SchemaDetail;
import sh.velocity.schema.api.SchemaSummary;
import sh.velocity.schema.domain.FieldDefinition;
import sh.velocity.schema.domain.ManifestParser;
import sh.velocity.schema.domain.MigrationStep;
import sh.velocity.schema.domain.MigrationType;
import sh.velocity.schema.domain.SchemaChange;
import sh.velocity.schema.domain.SchemaDiff;
import sh.velocity.schema.domain.SchemaManifest;
import sh.velocity.schema.infrastructure.persistence.DdlGateway;
import sh.velocity.schema.infrastructure.persistence.JdbcSchemaRegistry;
import sh.velocity.schema.infrastructure.persistence.JdbcSchemaRegistry.Stored;

/**
 * Applies a manifest in one transaction: DDL through the gateway, the registry row, its history
 * entry and the audit event commit together or not at all (PostgreSQL DDL is transactional).
 * Schema lifecycle events go to the platform chain (policy edits); a schema's own chain holds its
 * records' events. A new record type is created whole; a changed one may only grow (new optional fields, changed
 * rules, search or masking); breaking changes are refused unless approved, and approved breaking
 * migrations are refused too until the migration engine exists (a new version, v2, is the way).
 */
@ApplicationScoped
public class DefaultSchemaAdministration implements SchemaAdministration {

    private final ManifestParser parser = new ManifestParser();

    @Inject
    JdbcSchemaRegistry registry;

    @Inject
    DdlGateway gateway;

    @Inject
    Authorizer authorizer;

    @Inject
    AuditTrail audit;

    @Inject
    RequestContext request;

    @Inject
    CelRecordRules rules;

    @Inject
    PolicyGate policies;

    @Override
    public String kindOf(String manifestText) {
        return ManifestParser.kindOf(manifestText);
    }

    @Override
    @Transactional
    public AppliedSchema apply(String manifestText) {
        SchemaManifest manifest = parser.parse(manifestText);
        rules.admit(manifest);
        SchemaPath path = manifest.path();
        authorizer.require(Verb.SCHEMA_APPLY, path.toString(), AuditEvent.PLATFORM_CHAIN, "schema.apply");
        PolicyDecision decision = policies.decide(manifest);
        if (decision.blocked()) {
            refuse(path, decision);
        }
        try {
            Optional<Stored> existing = registry.find(path, true);
            if (existing.isEmpty()) {
                return create(manifest, decision);
            }
            if (existing.get().specHash().equals(manifest.specHash())) {
                return new AppliedSchema(ApplyOutcome.UNCHANGED, path.toString(), existing.get().generation(),
                        List.of());
            }
            return change(parser.parse(existing.get().manifestJson()), manifest, existing.get().generation(),
                    decision);
        } catch (SQLException e) {
            throw new VelocityException(ErrorCode.INTERNAL_ERROR, "The schema registry could not be updated.");
        }
    }

    /**
     * Records the refusal on the platform chain in a transaction of its own (the apply rolls back),
     * naming every failing control, then throws the {@code COMPLIANCE_VIOLATION} problem.
     */
    private void refuse(SchemaPath path, PolicyDecision decision) {
        audit.appendIndependently(new AuditEvent(AuditEvent.PLATFORM_CHAIN, "schema.apply", path.toString(),
                AuditResult.FAILURE, ErrorCode.COMPLIANCE_VIOLATION.name(), Json.createObjectBuilder()
                .add("violations", PolicyGate.json(decision.violations()))
                .add("waived", PolicyGate.json(decision.waived())).build()));
        request.markRefusalAudited();
        throw PolicyGate.refusal(path.toString(), decision);
    }

    /** The waivers an apply relied on, in its audit event: which ids covered which controls. */
    private static void waivers(JsonObjectBuilder payload, PolicyDecision decision) {
        if (!decision.waived().isEmpty()) {
            payload.add("waivers", Json.createArrayBuilder(decision.waiverIds()))
                    .add("waived", PolicyGate.json(decision.waived()));
        }
    }

    private AppliedSchema create(SchemaManifest m, PolicyDecision decision) throws SQLException {
        String json = m.toCanonicalJson();
        gateway.createRecordType(m.path(), m.fields());
        if (!m.search().fields().isEmpty()) {
            gateway.setSearch(m.path(), m.search().fields());
        }
        registry.insert(m.path(), json, m.specHash(), request.actor());
        registry.recordRevision(m.path(), 1, json, "[\"created\"]", "[]", request.actor());
        JsonArrayBuilder fields = Json.createArrayBuilder();
        m.fields().forEach(f -> fields.add(f.name()));
        JsonObjectBuilder payload = Json.createObjectBuilder().add("generation", 1).add("specHash", m.specHash())
                .add("fields", fields);
        waivers(payload, decision);
        audit.append(AuditEvent.success(AuditEvent.PLATFORM_CHAIN, "schema.create", m.path().toString(),
                payload.build()));
        return new AppliedSchema(ApplyOutcome.CREATED, m.path().toString(), 1, List.of("created"));
    }

    private AppliedSchema change(SchemaManifest before, SchemaManifest after, int generation, PolicyDecision decision)
            throws SQLException {
        SchemaDiff diff = SchemaDiff.between(before, after);
        List<String> unapproved = diff.unapprovedBreakingChanges();
        if (!unapproved.isEmpty()) {
            throw new VelocityException(ErrorCode.BREAKING_CHANGE_NOT_APPROVED,
                    "Breaking change(s) need the annotation velocity.sh/breaking-change: \"approved\" and a "
                            + "migrations entry with a reason each: " + String.join("; ", unapproved));
        }
        SchemaPath path = after.path();
        List<String> described = new ArrayList<>();
        // The generated search column depends on the searched columns: PostgreSQL refuses to drop or
        // retype them under it, so it is taken down first and rebuilt over the new fields afterwards.
        boolean rebuildSearch = diff.changes().stream().anyMatch(c -> c.kind() == SchemaChange.Kind.SEARCH_CHANGED
                || (c.field() != null && c.kind() != SchemaChange.Kind.ADD_FIELD
                && before.search().fields().contains(c.field())));
        if (rebuildSearch && !before.search().fields().isEmpty()) {
            gateway.setSearch(path, List.of());
        }
        for (SchemaChange change : diff.changes()) {
            switch (change.kind()) {
                case ADD_FIELD -> gateway.addColumn(path, after.field(change.field()).orElseThrow());
                case ADD_REQUIRED_FIELD -> {
                    FieldDefinition field = after.field(change.field()).orElseThrow();
                    gateway.addColumn(path, optional(field));
                    gateway.redefineColumn(path, field);
                }
                case DROP_FIELD -> gateway.dropColumn(path, change.field());
                case RENAME_FIELD -> gateway.renameColumn(path, change.field(), renameTarget(after, change.field()));
                case CHANGE_TYPE, WIDEN_MAX_LENGTH, NARROW_MAX_LENGTH, MAKE_REQUIRED, MAKE_OPTIONAL ->
                        gateway.redefineColumn(path, after.field(change.field()).orElseThrow());
                case RULES_CHANGED, SEARCH_CHANGED, SENSITIVITY_CHANGED, MASKING_CHANGED -> {
                    // metadata only (search is rebuilt below): takes effect on the next write or read
                }
            }
            described.add(change.description());
        }
        if (rebuildSearch && !after.search().fields().isEmpty()) {
            gateway.setSearch(path, after.search().fields());
        }
        int next = generation + 1;
        String json = after.toCanonicalJson();
        JsonArray migrations = diff.isBreaking() ? migrations(after) : JsonValue.EMPTY_JSON_ARRAY;
        registry.update(path, json, after.specHash(), next, request.actor());
        registry.recordRevision(path, next, json, Json.createArrayBuilder(described).build().toString(),
                migrations.toString(), request.actor());
        JsonObjectBuilder payload = Json.createObjectBuilder().add("generation", next)
                .add("specHash", after.specHash()).add("changes", Json.createArrayBuilder(described))
                .add("migrations", migrations);
        waivers(payload, decision);
        audit.append(AuditEvent.success(AuditEvent.PLATFORM_CHAIN, diff.isBreaking() ? "schema.migrate"
                : "schema.change", path.toString(), payload.build()));
        return new AppliedSchema(ApplyOutcome.CHANGED, path.toString(), next, described);
    }

    /** The manifest's migration entries as recorded: what, on which column, why, by whom, when. */
    private JsonArray migrations(SchemaManifest after) {
        String at = OffsetDateTime.now(ZoneOffset.UTC).toString();
        JsonArrayBuilder out = Json.createArrayBuilder();
        for (MigrationStep m : after.migrations()) {
            JsonObjectBuilder b = Json.createObjectBuilder().add("type", m.type().manifestName())
                    .add("column", m.column()).add("reason", m.reason()).add("appliedAt", at)
                    .add("appliedBy", request.actor());
            if (m.to() != null) {
                b.add("to", m.to());
            }
            out.add(b);
        }
        return out.build();
    }

    private static String renameTarget(SchemaManifest after, String column) {
        return after.migrations().stream()
                .filter(m -> m.type() == MigrationType.RENAME_COLUMN && m.column().equals(column) && m.to() != null)
                .map(MigrationStep::to).findFirst()
                .orElseThrow(() -> new VelocityException(ErrorCode.INVALID_MANIFEST,
                        "RenameColumn of '" + column + "' needs 'to': the new field name."));
    }

    private static FieldDefinition optional(FieldDefinition f) {
        return new FieldDefinition(f.name(), f.type(), f.maxLength(), false, f.sensitivity(), f.masking());
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
