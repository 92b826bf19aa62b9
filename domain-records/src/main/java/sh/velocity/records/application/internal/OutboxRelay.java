package sh.velocity.records.application.internal;

import jakarta.ejb.Lock;
import jakarta.ejb.LockType;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import sh.velocity.records.domain.search.IndexNames;
import sh.velocity.records.domain.search.SearchEngine;
import sh.velocity.records.domain.search.SearchEngine.SearchEngineUnavailable;
import sh.velocity.records.infrastructure.persistence.JdbcOutbox;
import sh.velocity.schema.api.RecordType;
import sh.velocity.schema.api.RecordTypes;

/**
 * Change data capture into the search engine: every two seconds, on every replica, surveys the
 * outboxes of the tier-3 record types in one statement per hundred types and drains each one that
 * holds unpublished rows in batches ({@link SearchIndexing}; {@code FOR UPDATE SKIP LOCKED}, so
 * replicas share the work without doing it twice) for up to ten seconds, then records the lag. A
 * pass still running when the next is due is not joined: the next one is skipped. Every ten minutes
 * it also compares each caught-up index with the outbox's count of live records and replays the
 * outbox into any index that drifted while no write was under way ({@link IndexReconciliation}).
 */
@Singleton
@Lock(LockType.READ)
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class.getName());
    private static final long PASS_NANOS = TimeUnit.SECONDS.toNanos(10);

    /** Record types per statement of a pass's survey. */
    static final int SURVEY_TYPES = 100;

    @Inject
    RecordTypes types;

    @Inject
    SearchIndexing indexing;

    @Inject
    SearchHealth health;

    @Inject
    @ConfigProperty(name = "velocity.search.batch-size", defaultValue = "500")
    int batchSize;

    private final AtomicBoolean running = new AtomicBoolean();

    @Schedule(hour = "*", minute = "*", second = "*/2", persistent = false)
    void pass() {
        if (health.engine().isEmpty() || !running.compareAndSet(false, true)) {
            return;
        }
        try {
            drain();
        } finally {
            running.set(false);
        }
    }

    private void drain() {
        long deadline = System.nanoTime() + PASS_NANOS;
        // One probe per pass when the engine was last seen down, not one per record type.
        if (!health.engineUp() && health.engine().get().reachable()) {
            health.engineAnswered();
        }
        List<RecordType> searched = types.searchedByEngine();
        List<JdbcOutbox.Lag> survey = survey(searched);
        for (int i = 0; i < searched.size(); i++) {
            RecordType type = searched.get(i);
            JdbcOutbox.Lag seen = survey == null ? null : survey.get(i);
            if (seen != null && (seen.unpublished() == 0 || !health.engineUp())) {
                health.lag(type, seen); // nothing to publish, or nowhere to: no statement of its own
                continue;
            }
            try {
                if (health.engineUp()) {
                    while (indexing.publishBatch(type, batchSize) == batchSize && System.nanoTime() < deadline) {
                        // drain on while whole batches come back
                    }
                    health.engineAnswered();
                }
            } catch (SearchEngineUnavailable e) {
                health.engineFailed(e.getMessage());
                indexing.forgetIndexes();
            } catch (SQLException | RuntimeException e) {
                LOG.warning("The outbox of " + type.path() + " could not be relayed: " + e.getClass().getSimpleName());
            }
            try {
                health.lag(type, indexing.lag(type));
            } catch (SQLException | RuntimeException e) {
                LOG.warning("The outbox lag of " + type.path() + " could not be read: " + e.getClass().getSimpleName());
            }
        }
    }

    /**
     * Every record type's lag in one round trip per hundred types, so that an idle pass costs one
     * statement rather than two per type; null when it failed (one outbox that cannot be read must
     * not stop the others), and the pass then looks at each type on its own.
     */
    private List<JdbcOutbox.Lag> survey(List<RecordType> searched) {
        List<JdbcOutbox.Lag> lags = new ArrayList<>(searched.size());
        try {
            for (int from = 0; from < searched.size(); from += SURVEY_TYPES) {
                lags.addAll(indexing.lags(searched.subList(from, Math.min(searched.size(), from + SURVEY_TYPES))));
            }
            return lags;
        } catch (SQLException | RuntimeException e) {
            LOG.warning("The outboxes could not be surveyed (" + e.getClass().getSimpleName()
                    + "); relaying each record type on its own");
            return null;
        }
    }

    @Schedule(hour = "*", minute = "*/10", second = "29", persistent = false)
    void reconcile() {
        if (health.engine().isEmpty() || !health.engineUp()) {
            return;
        }
        SearchEngine engine = health.engine().get();
        for (RecordType type : types.searchedByEngine()) {
            try {
                var lag = health.outboxLags().get(type.path().toString());
                if (lag == null || lag.unpublished() > 0) {
                    continue;
                }
                String index = IndexNames.of(type.path());
                var finding = IndexReconciliation.check(live -> indexing.outboxState(type, live),
                        () -> engine.count(index));
                if (finding.verdict() == IndexReconciliation.Verdict.DRIFTED) {
                    LOG.warning("Search index of " + type.path() + " holds " + finding.indexed() + " documents, the"
                            + " outbox " + finding.live() + " live records, and no write was under way: replaying the"
                            + " outbox into it");
                    indexing.rebuild(type);
                }
            } catch (SearchEngineUnavailable e) {
                health.engineFailed(e.getMessage());
            } catch (SQLException | RuntimeException e) {
                LOG.warning("The search index of " + type.path() + " could not be reconciled: "
                        + e.getClass().getSimpleName());
            }
        }
    }
}
