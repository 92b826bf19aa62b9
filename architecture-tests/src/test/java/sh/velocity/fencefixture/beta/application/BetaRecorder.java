package sh.velocity.fencefixture.beta.application;

import sh.velocity.fencefixture.alpha.domain.AlphaEntry;

/**
 * Violation (fence): beta may depend on alpha, but this reaches into alpha's domain package
 * instead of alpha's api. Violation (JSON): server code building JSON through
 * {@code jakarta.json.Json}, which looks its provider up on every call.
 */
public class BetaRecorder {

    public String describe(AlphaEntry entry) {
        return entry.id() + " at " + entry.recordedAt();
    }

    public String describeAsJson(AlphaEntry entry) {
        return jakarta.json.Json.createObjectBuilder().add("id", String.valueOf(entry.id())).build().toString();
    }
}
