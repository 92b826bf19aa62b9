package sh.velocity.records.application.internal;

import java.sql.SQLException;
import sh.velocity.records.infrastructure.persistence.JdbcOutbox;

/**
 * Whether a record type's search index drifted from its outbox, told apart from writes in flight.
 *
 * <p>The outbox is looked at, the index counted (the engine refreshes it first), and the outbox looked
 * at again, this time counting its live records. Only a quiet outbox is judged: nothing unpublished
 * at the first look, and the same rows at the second, so that no record was written and no row
 * published (by this server or another) while the index was counted. A publish in flight at the
 * count needs a row that was not there or not yet published at the first look, so the second look
 * differs and it is never mistaken for drift. Under a steady stream of writes the outbox is never
 * quiet and nothing is judged: an index is reconciled once its writers pause, not while it catches up.
 */
final class IndexReconciliation {

    /** What one check found. */
    enum Verdict {
        /** Writes or publishes were under way: not judged. */
        BUSY,
        /** The index holds one document per live record. */
        IN_STEP,
        /** The index and the outbox disagree while nothing moved: the index must be rebuilt. */
        DRIFTED
    }

    /** The check's finding and the counts it compared (-1: not counted). */
    record Finding(Verdict verdict, long live, long indexed) {
    }

    /** One look at the outbox; {@code countLive} also counts its live records (the dear part). */
    @FunctionalInterface
    interface OutboxLook {
        JdbcOutbox.State state(boolean countLive) throws SQLException;
    }

    @FunctionalInterface
    interface IndexCount {
        long documents();
    }

    private IndexReconciliation() {
    }

    static Finding check(OutboxLook outbox, IndexCount index) throws SQLException {
        JdbcOutbox.State before = outbox.state(false);
        if (before.unpublished() > 0) {
            return new Finding(Verdict.BUSY, -1, -1);
        }
        long indexed = index.documents();
        JdbcOutbox.State after = outbox.state(true);
        if (!after.sameRows(before)) {
            return new Finding(Verdict.BUSY, after.live(), indexed);
        }
        return new Finding(indexed == after.live() ? Verdict.IN_STEP : Verdict.DRIFTED, after.live(), indexed);
    }
}
