package sh.velocity.compliance.domain.packs;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import sh.velocity.schema.api.PolicySubject;

/**
 * Judges one schema against one compiled pack: for each control, whether it targets the schema (or
 * each field, for field-scoped controls) by its {@code when}, then whether its {@code rule} holds. A
 * failing control is {@link Finding.Status#WAIVED} when an active waiver of the same pack and control
 * covers the schema path at {@code now}. An expression that errs or exceeds its bound fails the
 * control (fail closed), and a {@code when} that errs counts as targeting.
 */
public final class PackJudge {

    private final ControlRules rules;

    public PackJudge(ControlRules rules) {
        this.rules = rules;
    }

    /** One finding per schema-scoped control and per (field-scoped control, field), in pack order. */
    public List<Finding> judge(CompiledPack compiled, PolicySubject subject, PlatformSettings settings,
            List<Waiver> waivers, Instant now) {
        Map<String, Object> schema = PolicyInput.schema(subject, settings);
        Map<String, Object> platform = PolicyInput.platform(settings);
        String pack = compiled.pack().name();
        List<Finding> out = new ArrayList<>();
        for (CompiledPack.CompiledControl c : compiled.controls()) {
            if (c.control().scope() == ControlScope.SCHEMA) {
                out.add(verdict(pack, c, null, Map.of(PolicyInput.SCHEMA, schema, PolicyInput.PLATFORM, platform),
                        subject.schemaPath(), waivers, now));
                continue;
            }
            for (PolicySubject.Field f : subject.fields()) {
                Map<String, Object> input = new HashMap<>();
                input.put(PolicyInput.SCHEMA, schema);
                input.put(PolicyInput.PLATFORM, platform);
                input.put(PolicyInput.FIELD, PolicyInput.field(subject, f, settings));
                out.add(verdict(pack, c, f.name(), input, subject.schemaPath(), waivers, now));
            }
        }
        return out;
    }

    private Finding verdict(String pack, CompiledPack.CompiledControl c, String field, Map<String, Object> input,
            String schemaPath, List<Waiver> waivers, Instant now) {
        Control control = c.control();
        ControlRules.Outcome targets = rules.evaluate(c.when(), input);
        if (targets.error() == null && !targets.isTrue()) {
            return new Finding(pack, control, field, Finding.Status.NOT_APPLICABLE, control.message(), null);
        }
        ControlRules.Outcome holds = targets.error() != null ? targets : rules.evaluate(c.rule(), input);
        if (holds.isTrue()) {
            return new Finding(pack, control, field, Finding.Status.PASS, control.message(), null);
        }
        String message = holds.error() == null ? control.message()
                : control.message() + " (the control could not be evaluated: " + holds.error() + ")";
        for (Waiver w : waivers) {
            if (w.covers(pack, control.id(), schemaPath, now)) {
                return new Finding(pack, control, field, Finding.Status.WAIVED, message, w.id());
            }
        }
        return new Finding(pack, control, field, Finding.Status.FAIL, message, null);
    }
}
