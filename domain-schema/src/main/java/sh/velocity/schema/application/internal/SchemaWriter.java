package sh.velocity.schema.application.internal;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
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
import sh.velocity.audit.api.AuditTrail;
import sh.velocity.kernel.SchemaPath;
import sh.velocity.kernel.json.Jsonp;
import sh.velocity.kernel.problem.ErrorCode;
import sh.velocity.kernel.problem.VelocityException;
import sh.velocity.kernel.request.RequestContext;
import sh.velocity.schema.api.AppliedSchema;
import sh.velocity.schema.api.ApplyOutcome;
import sh.velocity.schema.api.PolicyDecision;
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
 * Writes an admitted, authorized manifest over the schema's locked registry row: DDL through the
 * gateway, the registry row, its history entry and the audit event, in the caller's transaction
 * (PostgreSQL DDL is transactional). Schema lifecycle events go to the platform chain (policy
 * edits); a schema's own chain holds its records' events. A new record type is created whole; a
 * changed one may grow (new optional fields, changed rules, search or masking); breaking changes are
 * refused unless approved by the manifest's annotation and migration reasons.
 *
 * <p>The compliance packs enabled for the namespace judge every write here, whoever calls: a failing
 * control not covered by an active waiver refuses it ({@code COMPLIANCE_VIOLATION}, audited in its
 * own transaction), and the waivers a write relied on are named in its audit event.
 *
 * <p>Two callers: {@code POST /schemas} for unprotected namespaces, and the approval chain's apply
 * step, which passes the change it applies so that the audit event names it, its author and its
 * reviewer. Nothing outside this module can reach it (the module fence exposes only {@code api}).
 */
@ApplicationScoped
public class SchemaWriter {

    private final ManifestParser parser = new ManifestParser();

    @Inject
    JdbcSchemaRegistry registry;

    @Inject
    DdlGateway gateway;

    @Inject
    AuditTrail audit;

    @Inject
    RequestContext request;

    @Inject
    PolicyGate policies;

    /**
     * Applies {@code manifest} over {@code existing} (read with a row lock by the caller).
     *
     * @param approval the approval-chain change being applied, added to the audit event; null for a direct apply
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public AppliedSchema write(SchemaManifest manifest, Optional<Stored> existing, JsonObject approval) {
        PolicyDecision decision = policies.enforce(manifest, "schema.apply");
        try {
            if (existing.isEmpty()) {
                return create(manifest, approval, decision);
            }
            if (existing.get().specHash().equals(manifest.specHash())) {
                return new AppliedSchema(ApplyOutcome.UNCHANGED, manifest.path().toString(),
                        existing.get().generation(), List.of());
            }
            return change(parser.parse(existing.get().manifestJson()), manifest, existing.get().generation(),
                    approval, decision);
        } catch (SQLException e) {
            throw new VelocityException(ErrorCode.INTERNAL_ERROR, "The schema registry could not be updated.");
        }
    }

    /** What applying {@code after} over {@code before} would change, refused as apply would refuse it. */
    static SchemaDiff admittedDiff(SchemaManifest before, SchemaManifest after) {
        SchemaDiff diff = SchemaDiff.between(before, after);
        List<String> unapproved = diff.unapprovedBreakingChanges();
        if (!unapproved.isEmpty()) {
            throw new VelocityException(ErrorCode.BREAKING_CHANGE_NOT_APPROVED,
                    "Breaking change(s) need the annotation velocity.sh/breaking-change: \"approved\" and a "
                            + "migrations entry with a reason each: " + String.join("; ", unapproved));
        }
        return diff;
    }

    private AppliedSchema create(SchemaManifest m, JsonObject approval, PolicyDecision decision) throws SQLException {
        String json = m.toCanonicalJson();
        gateway.createRecordType(m.path(), m.fields());
        gateway.enableKeyRotation(m.path());
        if (!m.search().fields().isEmpty()) {
            gateway.setSearch(m.path(), m.search().fields());
        }
        registry.insert(m.path(), json, m.specHash(), request.actor());
        registry.recordRevision(m.path(), 1, json, "[\"created\"]", "[]", request.actor());
        JsonArrayBuilder fields = Jsonp.createArrayBuilder();
        m.fields().forEach(f -> fields.add(f.name()));
        audit.append(AuditEvent.success(AuditEvent.PLATFORM_CHAIN, "schema.create", m.path().toString(),
                withApproval(Jsonp.createObjectBuilder().add("generation", 1).add("specHash", m.specHash())
                        .add("fields", fields), approval, decision)));
        return new AppliedSchema(ApplyOutcome.CREATED, m.path().toString(), 1, List.of("created"));
    }

    private AppliedSchema change(SchemaManifest before, SchemaManifest after, int generation, JsonObject approval,
            PolicyDecision decision)
            throws SQLException {
        SchemaDiff diff = admittedDiff(before, after);
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
            guardEncryptedValues(before, after, change);
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
                case SENSITIVITY_CHANGED -> {
                    FieldDefinition field = after.field(change.field()).orElseThrow();
                    if (encryptionFlips(before, after, change.field())) {
                        gateway.redefineColumn(path, field);
                    }
                }
                case RULES_CHANGED, SEARCH_CHANGED, MASKING_CHANGED -> {
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
        registry.recordRevision(path, next, json, Jsonp.createArrayBuilder(described).build().toString(),
                migrations.toString(), request.actor());
        audit.append(AuditEvent.success(AuditEvent.PLATFORM_CHAIN, diff.isBreaking() ? "schema.migrate"
                : "schema.change", path.toString(), withApproval(Jsonp.createObjectBuilder().add("generation", next)
                .add("specHash", after.specHash()).add("changes", Jsonp.createArrayBuilder(described))
                .add("migrations", migrations), approval, decision)));
        return new AppliedSchema(ApplyOutcome.CHANGED, path.toString(), next, described);
    }

    /**
     * Encrypted values are bound to their record type, record, field name and type (the name is
     * authenticated with the ciphertext; the type decides how the plaintext is read back), and the
     * database cannot convert or check what it cannot read. So renaming, retyping or narrowing an
     * encrypted field, and turning encryption on or off for a field, are done only while no record
     * has a value in it; otherwise 409, nothing changed, and a new version is the way.
     */
    private void guardEncryptedValues(SchemaManifest before, SchemaManifest after, SchemaChange change) {
        String why = switch (change.kind()) {
            case RENAME_FIELD -> before.field(change.field()).filter(f -> f.sensitivity().isEncrypted()).isPresent()
                    ? "Field '" + change.field() + "' is encrypted at rest, its values bound to its name: it cannot be "
                    + "renamed in place." : null;
            case CHANGE_TYPE, NARROW_MAX_LENGTH -> after.field(change.field())
                    .filter(f -> f.sensitivity().isEncrypted()).isPresent()
                    ? "Field '" + change.field() + "' is encrypted at rest: the database cannot convert or check its "
                    + "values, so its type or maxLength cannot change in place." : null;
            case SENSITIVITY_CHANGED -> encryptionFlips(before, after, change.field())
                    ? "Field '" + change.field() + "' would change between stored in clear and encrypted at rest "
                    + "(sensitivity phi, pci or secret): existing values cannot be converted in place." : null;
            default -> null;
        };
        if (why != null) {
            // a renamed field's later changes are reported under its new name, after the rename ran
            gateway.requireNoValues(after.path(), change.field(), why);
        }
    }

    /** The field's name in the stored manifest (a renamed field's changes are reported under the new name). */
    private static String currentName(SchemaManifest before, SchemaManifest after, String field) {
        if (before.field(field).isPresent()) {
            return field;
        }
        return after.migrations().stream()
                .filter(m -> m.type() == MigrationType.RENAME_COLUMN && field.equals(m.to()))
                .map(MigrationStep::column).findFirst().orElse(field);
    }

    /** True when the field is encrypted on one side of the change and not on the other. */
    private static boolean encryptionFlips(SchemaManifest before, SchemaManifest after, String field) {
        boolean was = before.field(currentName(before, after, field)).map(f -> f.sensitivity().isEncrypted())
                .orElse(false);
        boolean is = after.field(field).map(f -> f.sensitivity().isEncrypted()).orElse(false);
        return was != is;
    }

    /** The manifest's migration entries as recorded: what, on which column, why, by whom, when. */
    private JsonArray migrations(SchemaManifest after) {
        String at = OffsetDateTime.now(ZoneOffset.UTC).toString();
        JsonArrayBuilder out = Jsonp.createArrayBuilder();
        for (MigrationStep m : after.migrations()) {
            JsonObjectBuilder b = Jsonp.createObjectBuilder().add("type", m.type().manifestName())
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

    /** The audit payload with the approval-chain change applied, and the waivers relied on, if any. */
    private static JsonObject withApproval(JsonObjectBuilder payload, JsonObject approval, PolicyDecision decision) {
        if (!decision.waived().isEmpty()) {
            payload.add("waivers", Jsonp.createArrayBuilder(decision.waiverIds()))
                    .add("waived", PolicyGate.json(decision.waived()));
        }
        return approval == null ? payload.build() : payload.add("approval", approval).build();
    }
}
