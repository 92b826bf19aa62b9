package sh.velocity.fencefixture.beta.api;

/** Beta's api; clean in itself. */
public interface BetaNotifications {
    void entryRead(String entryId);
}
