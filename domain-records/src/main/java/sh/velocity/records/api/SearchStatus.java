package sh.velocity.records.api;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** What this replica knows about search tier 3: the engine and how far each tier-3 index is behind. */
public interface SearchStatus {

    boolean engineConfigured();

    /** As last seen by this replica (a failed call marks it down; it is probed again later). */
    boolean engineReachable();

    /** Per tier-3 schema path: unpublished outbox rows and the age of the oldest, in seconds. */
    Map<String, Lag> lags();

    /**
     * Per tier-3 schema path, this server's lag over the last hour, oldest first: one sample per
     * minute, the worst the relay measured in it. Kept in memory only, so it starts when the server
     * did and a minute in which the relay did not run has no sample.
     */
    Map<String, List<LagSample>> lagHistory();

    long maxLagSeconds();

    record Lag(long unpublished, double oldestSeconds) {
    }

    /** The worst lag of one record type in the minute starting at {@code minute}. */
    record LagSample(Instant minute, long unpublished, double oldestSeconds) {
    }
}
