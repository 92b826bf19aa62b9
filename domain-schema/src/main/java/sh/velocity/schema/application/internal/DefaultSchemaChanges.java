package sh.velocity.schema.application.internal;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.transaction.Transactional;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;
import sh.velocity.audit.api.AuditEvent;
import sh.velocity.audit.api.AuditResult;
import sh.velocity.audit.api.AuditTrail;
import sh.velocity.auth.api.Authorizer;
import sh.velocity.auth.api.Verb;
import sh.velocity.kernel.SchemaPath;
import sh.velocity.kernel.json.Jsonp;
import sh.velocity.kernel.problem.ErrorCode;
import sh.velocity.kernel.problem.FieldError;
import sh.velocity.kernel.problem.VelocityException;
import sh.velocity.kernel.request.RequestContext;
import sh.velocity.schema.api.AppliedSchema;
import sh.velocity.schema.api.SchemaChangeView;
import sh.velocity.schema.api.SchemaChanges;
import sh.velocity.schema.domain.ManifestParser;
import sh.velocity.schema.domain.SchemaChange;
import sh.velocity.schema.domain.SchemaDiff;
import sh.velocity.schema.domain.SchemaManifest;
import sh.velocity.schema.domain.approval.ChainRefusal;
import sh.velocity.schema.domain.approval.ChangeRequest;
import sh.velocity.schema.domain.approval.ChangeStatus;
import sh.velocity.schema.infrastructure.persistence.JdbcSchemaChanges;
import sh.velocity.schema.infrastructure.persistence.JdbcSchemaChanges.Locked;
import sh.velocity.schema.infrastructure.persistence.JdbcSchemaRegistry;
import sh.velocity.schema.infrastructure.persistence.JdbcSchemaRegistry.Stored;

/**
 * The approval chain's use cases. Each step locks the change's row, checks the caller's verb on the
 * schema path, asks {@link ChangeRequest} whether this principal may take this step now, and
 * records it with a state-conditioned UPDATE and its audit event in one transaction; a refused step
 * is audited in a transaction of its own before the refusal leaves. Apply re-runs admission on the
 * manifest as submitted and refuses a change whose schema moved on since it was submitted.
 */
@ApplicationScoped
public class DefaultSchemaChanges implements SchemaChanges {

    static final int MAX_REASON_LENGTH = 2000;
    private static final String SUBMIT = "schema-change.submit";
    private static final String APPROVE = "schema-change.approve";
    private static final String REJECT = "schema-change.reject";
    private static final String APPLY = "schema-change.apply";

    private final ManifestParser parser = new ManifestParser();

    @Inject
    JdbcSchemaChanges changes;

    @Inject
    JdbcSchemaRegistry registry;

    @Inject
    SchemaWriter writer;

    @Inject
    CelRecordRules rules;

    @Inject
    Authorizer authorizer;

    @Inject
    PolicyGate policies;

    @Inject
    AuditTrail audit;

    @Inject
    RequestContext request;

    @Override
    @Transactional
    public SchemaChangeView submit(String manifestText) {
        String text = manifestText == null ? "" : manifestText;
        SchemaManifest manifest = parser.parse(text);
        rules.admit(manifest);
        SchemaPath path = manifest.path();
        authorizer.require(Verb.SCHEMA_APPLY, path.toString(), AuditEvent.PLATFORM_CHAIN, SUBMIT);
        // The compliance packs judge it now as apply will again: a change no reviewer could let through
        // without a waiver is refused before anyone reviews it.
        policies.enforce(manifest, SUBMIT);
        try {
            Optional<Stored> live = registry.find(path, false);
            List<String> described = List.of("created");
            boolean breaking = false;
            if (live.isPresent()) {
                if (live.get().specHash().equals(manifest.specHash())) {
                    throw new VelocityException(ErrorCode.CONFLICT, "This manifest is what " + path + " has applied "
                            + "already (generation " + live.get().generation() + "): there is nothing to review.");
                }
                SchemaDiff diff = SchemaWriter.admittedDiff(parser.parse(live.get().manifestJson()), manifest);
                described = diff.changes().stream().map(SchemaChange::description).toList();
                breaking = diff.isBreaking();
            }
            Integer base = live.map(Stored::generation).orElse(null);
            String id = changes.insert(path.toString(), text, manifest.specHash(), base, described, breaking,
                    request.actor());
            JsonObjectBuilder payload = Jsonp.createObjectBuilder().add("schemaPath", path.toString())
                    .add("specHash", manifest.specHash()).add("changes", Jsonp.createArrayBuilder(described))
                    .add("breaking", breaking);
            if (base != null) {
                payload.add("baseGeneration", base);
            }
            audit.append(AuditEvent.success(AuditEvent.PLATFORM_CHAIN, SUBMIT, resource(id), payload.build()));
            return view(id);
        } catch (SQLException e) {
            throw new VelocityException(ErrorCode.INTERNAL_ERROR, "The schema change could not be recorded.");
        }
    }

    @Override
    @Transactional
    public SchemaChangeView approve(String id, String comment) {
        return review(id, APPROVE, reason(comment, false), r -> r.approve(request.actor()));
    }

    @Override
    @Transactional
    public SchemaChangeView reject(String id, String reason) {
        return review(id, REJECT, reason(reason, true), r -> r.reject(request.actor()));
    }

    private SchemaChangeView review(String id, String operation, String reason, UnaryOperator<ChangeRequest> step) {
        try {
            Locked locked = lockVisible(id);
            ChangeRequest current = locked.request();
            authorizer.require(Verb.SCHEMA_REVIEW, current.schemaPath(), AuditEvent.PLATFORM_CHAIN, operation);
            ChangeRequest reviewed = take(current, operation, step);
            if (!changes.recordReview(reviewed, reason)) {
                throw new VelocityException(ErrorCode.INVALID_CHANGE_STATE, "Schema change " + id + " is no longer pending.");
            }
            JsonObjectBuilder payload = Jsonp.createObjectBuilder().add("schemaPath", current.schemaPath())
                    .add("author", current.author()).add("decision", reviewed.status().wireName());
            if (reason != null) {
                payload.add("reason", reason);
            }
            audit.append(AuditEvent.success(AuditEvent.PLATFORM_CHAIN, operation, resource(id), payload.build()));
            return view(id);
        } catch (SQLException e) {
            throw new VelocityException(ErrorCode.INTERNAL_ERROR, "The review could not be recorded.");
        }
    }

    @Override
    @Transactional
    public SchemaChangeView apply(String id) {
        try {
            Locked locked = lockVisible(id);
            ChangeRequest current = locked.request();
            SchemaPath path = SchemaPath.parse(current.schemaPath());
            authorizer.require(Verb.SCHEMA_APPLY, path.toString(), AuditEvent.PLATFORM_CHAIN, APPLY);
            ChangeRequest applied = take(current, APPLY, r -> r.apply(request.actor()));
            Optional<Stored> live = registry.find(path, true);
            Integer liveGeneration = live.map(Stored::generation).orElse(null);
            if (!Objects.equals(liveGeneration, locked.baseGeneration())) {
                throw refused(id, APPLY, AuditResult.FAILURE, ErrorCode.STALE_CHANGE, path + " is "
                        + (liveGeneration == null ? "gone" : "at generation " + liveGeneration) + " now, but change "
                        + id + " was submitted against " + (locked.baseGeneration() == null ? "no schema"
                        : "generation " + locked.baseGeneration()) + ". Submit the manifest again so that it is "
                        + "reviewed against what is live.");
            }
            SchemaManifest manifest = parser.parse(locked.manifest());
            rules.admit(manifest);
            if (!manifest.path().equals(path)) {
                throw new VelocityException(ErrorCode.INTERNAL_ERROR, "Schema change " + id + " is inconsistent.");
            }
            JsonObject approval = Jsonp.createObjectBuilder().add("change", id).add("author", current.author())
                    .add("reviewer", current.reviewer()).build();
            AppliedSchema outcome = writer.write(manifest, live, approval);
            if (!changes.recordApply(applied, outcome.generation())) {
                throw new VelocityException(ErrorCode.INVALID_CHANGE_STATE, "Schema change " + id + " is no longer approved.");
            }
            audit.append(AuditEvent.success(AuditEvent.PLATFORM_CHAIN, APPLY, resource(id), Jsonp.createObjectBuilder()
                    .add("schemaPath", path.toString()).add("generation", outcome.generation())
                    .add("author", current.author()).add("reviewer", current.reviewer())
                    .add("changes", Jsonp.createArrayBuilder(outcome.changes())).build()));
            return view(id);
        } catch (SQLException e) {
            throw new VelocityException(ErrorCode.INTERNAL_ERROR, "The schema change could not be applied.");
        }
    }

    @Override
    @Transactional
    public SchemaChangeView show(String id) {
        try {
            return changes.find(id, true).orElseThrow(() -> notFound(id));
        } catch (SQLException e) {
            throw new VelocityException(ErrorCode.INTERNAL_ERROR, "The schema changes could not be read.");
        }
    }

    @Override
    @Transactional
    public List<SchemaChangeView> list(String status, Long beforeSeq, int limit) {
        ChangeStatus wanted = null;
        if (status != null && !status.isBlank()) {
            wanted = ChangeStatus.fromWire(status).orElseThrow(() -> new VelocityException(ErrorCode.INVALID_REQUEST,
                    "status must be one of pending, approved, rejected, applied."));
        }
        if (limit < 1 || limit > 1000) {
            throw new VelocityException(ErrorCode.INVALID_REQUEST, "limit must be between 1 and 1000.");
        }
        try {
            return changes.readable(wanted, beforeSeq, limit);
        } catch (SQLException e) {
            throw new VelocityException(ErrorCode.INTERNAL_ERROR, "The schema changes could not be read.");
        }
    }

    /** The change locked for this step; 404 when it does not exist or the caller may not read its schema. */
    private Locked lockVisible(String id) throws SQLException {
        Locked locked = changes.lock(id).orElseThrow(() -> notFound(id));
        if (!authorizer.has(Verb.SCHEMA_READ, locked.request().schemaPath())) {
            throw notFound(id);
        }
        return locked;
    }

    /** The step, or its refusal audited on its own and turned into a problem. */
    private ChangeRequest take(ChangeRequest current, String operation, UnaryOperator<ChangeRequest> step) {
        try {
            return step.apply(current);
        } catch (ChainRefusal e) {
            boolean duties = e.rule().separationOfDuties();
            throw refused(current.id(), operation, duties ? AuditResult.DENIED : AuditResult.FAILURE,
                    duties ? ErrorCode.SEPARATION_OF_DUTIES : ErrorCode.INVALID_CHANGE_STATE, e.getMessage());
        }
    }

    private VelocityException refused(String id, String operation, AuditResult result, ErrorCode code, String detail) {
        audit.appendIndependently(new AuditEvent(AuditEvent.PLATFORM_CHAIN, operation, resource(id), result,
                code.name() + ": " + detail, null));
        return new VelocityException(code, detail);
    }

    private SchemaChangeView view(String id) throws SQLException {
        return changes.find(id, false).orElseThrow(() -> notFound(id));
    }

    private static String reason(String text, boolean required) {
        String reason = text == null || text.isBlank() ? null : text.strip();
        if (required && reason == null) {
            throw new VelocityException(ErrorCode.VALIDATION_FAILED, "A rejection needs a reason the author can act on.",
                    List.of(new FieldError("reason", "is required")));
        }
        if (reason != null && reason.length() > MAX_REASON_LENGTH) {
            throw new VelocityException(ErrorCode.VALIDATION_FAILED, "The reason is too long.",
                    List.of(new FieldError("reason", "at most " + MAX_REASON_LENGTH + " characters")));
        }
        return reason;
    }

    private static String resource(String id) {
        return "schema-change/" + id;
    }

    private static VelocityException notFound(String id) {
        return new VelocityException(ErrorCode.NOT_FOUND, "No schema change " + id + ".");
    }
}
