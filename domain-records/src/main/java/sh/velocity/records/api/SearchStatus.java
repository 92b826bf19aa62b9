package sh.velocity.records.api;

import java.util.Map;

/** What this replica knows about search tier 3: the engine and how far each tier-3 index is behind. */
public interface SearchStatus {

    boolean engineConfigured();

    /** As last seen by this replica (a failed call marks it down; it is probed again later). */
    boolean engineReachable();

    /** Per tier-3 schema path: unpublished outbox rows and the age of the oldest, in seconds. */
    Map<String, Lag> lags();

    long maxLagSeconds();

    record Lag(long unpublished, double oldestSeconds) {
    }
}
