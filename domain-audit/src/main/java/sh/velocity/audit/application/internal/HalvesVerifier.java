package sh.velocity.audit.application.internal;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.sql.SQLException;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import sh.velocity.audit.api.ChainVerification;
import sh.velocity.audit.domain.ChainHalves;
import sh.velocity.audit.domain.EventRow;
import sh.velocity.audit.infrastructure.persistence.JdbcAuditLog;
import sh.velocity.audit.infrastructure.persistence.JdbcCheckpoints;
import sh.velocity.audit.infrastructure.persistence.JdbcRetention;

/**
 * Verifies a long chain as two halves read side by side on two connections in one snapshot
 * ({@link ChainHalves}, {@link JdbcAuditLog#openHalves}): one PostgreSQL backend produces the rows
 * of a whole chain no faster than about 500,000 a second here, and two share the work on two cores.
 * Taken only for a chain whose latest signed checkpoint (signature holding) covers at least
 * {@code velocity.audit.verify.halves-from} events and that retention never cut; it says only that
 * a chain holds. Whatever else, a problem included, is left to the one-pass verification, which
 * reports it as always.
 *
 * <p>Runs outside any JTA transaction (two one-phase resources cannot join one): the halves' own
 * read-only transactions hold the snapshot.
 */
@ApplicationScoped
public class HalvesVerifier {

    private static final Logger LOG = Logger.getLogger(HalvesVerifier.class.getName());

    @Inject
    JdbcAuditLog log;

    @Inject
    JdbcCheckpoints checkpoints;

    @Inject
    JdbcRetention retention;

    @Inject
    CheckpointKeys keys;

    @Inject
    @ConfigProperty(name = "velocity.audit.verify.halves-from", defaultValue = "131072")
    long halvesFrom;

    /** The verification when the chain is long enough and holds; empty for the one-pass path. */
    @Transactional(Transactional.TxType.NOT_SUPPORTED)
    public Optional<ChainVerification> verify(String chain) {
        try {
            Optional<JdbcCheckpoints.StoredCheckpoint> latest = checkpoints.latest(chain);
            if (latest.isEmpty() || latest.get().treeSize() < Math.max(2, halvesFrom)
                    || !DefaultAuditVerifier.signatureHolds(keys, latest.get())
                    || !retention.anchors(chain).isEmpty()) {
                return Optional.empty();
            }
            JdbcCheckpoints.StoredCheckpoint cp = latest.get();
            long started = System.nanoTime();
            long split = ChainHalves.splitPoint(cp.treeSize());
            try (JdbcAuditLog.Halves read = log.openHalves(chain, split)) {
                if (read.hashAtSplit() == null) {
                    return Optional.empty();
                }
                ChainHalves halves = new ChainHalves(chain, cp.treeSize(), cp.rootHash(), read.hashAtSplit());
                SecondHalf second = new SecondHalf(() -> hashWhileReading(read::streamSecond, halves.second()));
                second.start();
                boolean secondRead;
                try {
                    hashWhileReading(read::streamFirst, halves.first());
                } finally {
                    // Its connection is closed with the first one's: never while it still reads.
                    secondRead = second.finish();
                }
                if (!secondRead) {
                    return Optional.empty();
                }
                Optional<ChainVerification> holds = halves.result(read.head().seq(), read.head().hash());
                holds.ifPresent(v -> LOG.info("Audit chain " + chain + " verified in two halves read side by side: "
                        + v.events() + " events in " + (System.nanoTime() - started) / 1_000_000 + " ms"));
                return holds;
            }
        } catch (SQLException | RuntimeException e) {
            LOG.fine("Verifying " + chain + " in halves did not complete (" + e.getClass().getSimpleName()
                    + "); verifying it in one pass");
            return Optional.empty();
        }
    }

    /** One half's read: streams its rows into the sink it is given. */
    private interface HalfRead {
        void into(Consumer<EventRow> sink) throws SQLException;
    }

    /** Reads one half on this thread while a {@link VerifierThread} hashes its rows, in order. */
    private static void hashWhileReading(HalfRead read, Consumer<EventRow> verifier) throws SQLException {
        VerifierThread hashing = new VerifierThread(verifier);
        try {
            read.into(hashing);
        } catch (SQLException | RuntimeException e) {
            hashing.abandon();
            throw e;
        }
        hashing.close();
    }

    /** A half that would throw, for the thread of its own that reads it. */
    private interface Task {
        void run() throws SQLException;
    }

    /** Reads the second half on a thread of its own. */
    private static final class SecondHalf {
        private final Thread thread;
        private volatile boolean done;

        SecondHalf(Task task) {
            this.thread = new Thread(() -> {
                try {
                    task.run();
                    done = true;
                } catch (SQLException | RuntimeException e) {
                    // done stays false: the caller verifies the chain in one pass
                }
            }, "velocity-audit-verify-half");
            thread.setDaemon(true);
        }

        void start() {
            thread.start();
        }

        /** Waits for the read; whether it saw every row of its half. */
        boolean finish() {
            VerifierThread.joinUninterruptibly(thread);
            return done;
        }
    }
}
