package sh.velocity.schema.api;

import java.util.LinkedHashSet;
import java.util.List;

/**
 * What the policies said about a schema: the violations that block it, and those a waiver covers
 * (each naming its waiver). The apply goes ahead only when {@link #violations()} is empty.
 */
public record PolicyDecision(List<PolicyViolation> violations, List<PolicyViolation> waived) {

    public static final PolicyDecision PASS = new PolicyDecision(List.of(), List.of());

    public PolicyDecision {
        violations = List.copyOf(violations);
        waived = List.copyOf(waived);
    }

    public boolean blocked() {
        return !violations.isEmpty();
    }

    /** The ids of the waivers used, once each, in order of first use. */
    public List<String> waiverIds() {
        LinkedHashSet<String> ids = new LinkedHashSet<>();
        waived.forEach(v -> ids.add(v.waiver()));
        return List.copyOf(ids);
    }

    /** Both decisions together (several policies). */
    public PolicyDecision and(PolicyDecision other) {
        List<PolicyViolation> v = new java.util.ArrayList<>(violations);
        v.addAll(other.violations);
        List<PolicyViolation> w = new java.util.ArrayList<>(waived);
        w.addAll(other.waived);
        return new PolicyDecision(v, w);
    }
}
