package sh.velocity.schema.api;

/**
 * A policy every schema apply must pass, implemented outside the schema module (compliance packs)
 * and found through CDI, so that schema never depends on the modules above it. Apply, the admission
 * webhook and the manifest review all ask every implementation; none means no policy.
 */
public interface ApplyPolicy {

    /**
     * Judges a schema as it would be after the apply. Never throws for a failing control: failures
     * are {@link PolicyDecision#violations()}; those a valid waiver covers are
     * {@link PolicyDecision#waived()}.
     */
    PolicyDecision evaluate(PolicySubject schema);
}
