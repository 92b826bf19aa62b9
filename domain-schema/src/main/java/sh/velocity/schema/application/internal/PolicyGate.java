package sh.velocity.schema.application.internal;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import sh.velocity.audit.api.AuditEvent;
import sh.velocity.audit.api.AuditResult;
import sh.velocity.audit.api.AuditTrail;
import sh.velocity.kernel.json.Jsonp;
import sh.velocity.kernel.request.RequestContext;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import java.util.List;
import sh.velocity.kernel.problem.ErrorCode;
import sh.velocity.kernel.problem.FieldError;
import sh.velocity.kernel.problem.VelocityException;
import sh.velocity.schema.api.ApplyPolicy;
import sh.velocity.schema.api.PolicyDecision;
import sh.velocity.schema.api.PolicySubject;
import sh.velocity.schema.api.PolicyViolation;
import sh.velocity.schema.domain.FieldDefinition;
import sh.velocity.schema.domain.SchemaManifest;

/**
 * Asks every {@link ApplyPolicy} (compliance packs, implemented in the compliance module) about a
 * manifest, and turns a blocking decision into the {@code 422 COMPLIANCE_VIOLATION} problem that
 * lists every failing control. Without any policy bean every schema passes.
 */
@ApplicationScoped
public class PolicyGate {

    @Inject
    Instance<ApplyPolicy> policies;

    @Inject
    AuditTrail audit;

    @Inject
    RequestContext request;

    /**
     * The decision about {@code manifest} when it passes (waived violations included, for the audit
     * event of the write); a blocked one is audited on the platform chain as a refused
     * {@code operation} in a transaction of its own (the caller's rolls back), naming every failing
     * control, and thrown as {@code COMPLIANCE_VIOLATION}.
     */
    public PolicyDecision enforce(SchemaManifest manifest, String operation) {
        PolicyDecision decision = decide(manifest);
        if (decision.blocked()) {
            String path = manifest.path().toString();
            audit.appendIndependently(new AuditEvent(AuditEvent.PLATFORM_CHAIN, operation, path, AuditResult.FAILURE,
                    ErrorCode.COMPLIANCE_VIOLATION.name(), Jsonp.createObjectBuilder()
                    .add("violations", json(decision.violations())).add("waived", json(decision.waived())).build()));
            request.markRefusalAudited();
            throw refusal(path, decision);
        }
        return decision;
    }

    /** The combined decision of every policy about {@code manifest}. */
    public PolicyDecision decide(SchemaManifest manifest) {
        PolicySubject subject = subject(manifest);
        PolicyDecision decision = PolicyDecision.PASS;
        for (ApplyPolicy policy : policies) {
            decision = decision.and(policy.evaluate(subject));
        }
        return decision;
    }

    /** The problem for a blocked decision: detail, one field error per violation, and {@code violations}. */
    public static VelocityException refusal(String schemaPath, PolicyDecision decision) {
        List<PolicyViolation> failing = decision.violations();
        List<FieldError> errors = failing.stream()
                .map(v -> new FieldError(v.field() == null ? v.pack() + "/" + v.control() : v.field(), v.describe()))
                .toList();
        return new VelocityException(ErrorCode.COMPLIANCE_VIOLATION, failing.size() + " compliance control"
                + (failing.size() == 1 ? "" : "s") + " of the packs enabled for " + schemaPath.split("/")[0]
                + " fail" + (failing.size() == 1 ? "s" : "") + " for " + schemaPath + "; fix the schema, or ask an "
                + "administrator for a waiver (POST /api/v1/compliance/waivers): "
                + String.join("; ", failing.stream().map(PolicyViolation::describe).toList()),
                errors, Jsonp.createObjectBuilder().add("violations", json(failing)).build());
    }

    /** {@code [{pack, control, title, severity, field, message[, waiver]}]}. */
    public static JsonArray json(List<PolicyViolation> violations) {
        JsonArrayBuilder out = Jsonp.createArrayBuilder();
        for (PolicyViolation v : violations) {
            JsonObjectBuilder b = Jsonp.createObjectBuilder().add("pack", v.pack()).add("control", v.control())
                    .add("title", v.title()).add("severity", v.severity());
            if (v.field() == null) {
                b.addNull("field");
            } else {
                b.add("field", v.field());
            }
            b.add("message", v.message());
            if (v.waiver() != null) {
                b.add("waiver", v.waiver());
            }
            out.add(b);
        }
        return out.build();
    }

    /** The policy view of an admitted manifest. */
    static PolicySubject subject(SchemaManifest m) {
        List<PolicySubject.Field> fields = m.fields().stream().map(PolicyGate::field).toList();
        return new PolicySubject(m.path().toString(), m.annotations(), fields,
                m.rules().stream().map(r -> r.rule()).toList(), m.search().tier(), m.search().fields());
    }

    private static PolicySubject.Field field(FieldDefinition f) {
        var effective = f.effectiveMasking();
        return new PolicySubject.Field(f.name(), f.type().manifestName(), f.maxLength(), f.required(),
                f.sensitivity().manifestName(), f.masking() == null ? null : f.masking().strategy().manifestName(),
                f.masking() == null ? 0 : f.masking().visibleChars(),
                effective == null ? null : effective.strategy().manifestName(), f.subjectIdentifier());
    }
}
