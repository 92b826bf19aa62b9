package sh.velocity.fencefixture.beta.application;

import sh.velocity.fencefixture.alpha.domain.AlphaEntry;

/**
 * Violation (fence): beta may depend on alpha, but this reaches into alpha's domain package
 * instead of alpha's api.
 */
public class BetaRecorder {

    public String describe(AlphaEntry entry) {
        return entry.id() + " at " + entry.recordedAt();
    }
}
