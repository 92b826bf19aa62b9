package sh.velocity.audit.application.internal;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.Transactional;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import sh.velocity.audit.infrastructure.persistence.JdbcAuditLog;

/**
 * Links queued audit events into their chains after their transactions commit
 * (docs/adr/0017-audit-events-linked-after-commit.md). A transaction that queues events marks its
 * thread when it commits; before the thread answers its request, {@link #takeOwed()} and
 * {@link #linkQueued()} make sure a link pass has run since (see {@link LinkPasses}), so a client
 * that gets its answer finds its events in the chain. {@link AuditLinkTimer} links whatever other
 * threads queued.
 *
 * <p>A pass links batches of {@value #BATCH} events, each batch one transaction of its own
 * ({@code platform.audit_link}), until the queue is empty or {@value #MAX_BATCHES} batches are done.
 * A pass that cannot link (the database refuses) leaves the events queued, where they are safe:
 * they committed with the business change they describe, and the next pass links them.
 */
@ApplicationScoped
public class AuditLinker {

    private static final Logger LOG = Logger.getLogger(AuditLinker.class.getName());
    private static final String QUEUED = AuditLinker.class.getName() + ".queued";
    private static final ThreadLocal<Boolean> OWED = new ThreadLocal<>();

    static final int BATCH = 1_000;
    static final int MAX_BATCHES = 50;
    /** How long a request waits for its pass before it answers anyway (its events stay queued). */
    static final Duration MAX_WAIT = Duration.ofSeconds(5);

    /**
     * The shortest time between the starts of two link passes ({@link LinkPasses}): under load each
     * pass links about this much of the server's writes at once, and a request waits on average
     * about half of it more for its pass. A quiet server links at once.
     */
    @Inject
    @ConfigProperty(name = "velocity.audit.link-spacing", defaultValue = "PT0.01S")
    Duration spacing;

    private LinkPasses passes;
    /** When passes began failing, with the latest reason; null while they succeed. */
    private volatile Failing failing;

    private record Failing(Instant since, String reason) {
    }

    @Inject
    JdbcAuditLog log;

    @Resource
    TransactionSynchronizationRegistry transactions;

    @PostConstruct
    void start() {
        if (spacing.isNegative()) {
            LOG.severe("velocity.audit.link-spacing is negative (" + spacing + "); link passes run back to back");
            spacing = Duration.ZERO;
        }
        passes = new LinkPasses(spacing);
    }

    /** The current transaction queued an event: once it commits, this thread owes a link pass. */
    void queued() {
        if (transactions.getResource(QUEUED) != null) {
            return;
        }
        transactions.putResource(QUEUED, Boolean.TRUE);
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
                // nothing to do before the commit: the queued events commit with the transaction
            }

            @Override
            public void afterCompletion(int status) {
                if (status == Status.STATUS_COMMITTED) {
                    OWED.set(Boolean.TRUE);
                }
            }
        });
    }

    /**
     * Whether this thread committed queued events since it last asked, and clears the mark. A plain
     * thread-local read: every API answer asks, most owe nothing, and only those that do go through
     * {@link #linkQueued}'s transaction interceptor.
     */
    public boolean takeOwed() {
        if (OWED.get() == null) {
            return false;
        }
        OWED.remove();
        return true;
    }

    /** Waits for a pass that starts now, whoever queued the events. */
    @Transactional(Transactional.TxType.NOT_SUPPORTED)
    public void linkQueued() {
        if (!passes.awaitPassFromNow(this::pass, MAX_WAIT)) {
            LOG.warning("Audit events were not linked into their chains within " + MAX_WAIT.toSeconds()
                    + " s; they stay queued and a later pass links them");
        }
    }

    /**
     * How long link passes have been failing, and why; empty while they succeed. The readiness check
     * reports it (a replica whose writes cannot reach their chains stops taking traffic).
     */
    public Optional<String> failingFor(Duration atLeast) {
        Failing f = failing;
        if (f == null) {
            return Optional.empty();
        }
        Duration d = Duration.between(f.since(), Instant.now());
        return d.compareTo(atLeast) < 0 ? Optional.empty()
                : Optional.of("audit events have not been linked into their chains for " + d.toSeconds() + " s ("
                        + f.reason() + "); they stay queued");
    }

    private void pass() {
        String reason;
        try {
            for (int i = 0; i < MAX_BATCHES; i++) {
                if (log.link(BATCH) < BATCH) {
                    break;
                }
            }
            if (failing != null) {
                LOG.info("Queued audit events are linked into their chains again");
                failing = null;
            }
            return;
        } catch (SQLException e) {
            reason = "SQLState " + e.getSQLState();
        } catch (RuntimeException e) {
            reason = e.getClass().getSimpleName();
        }
        Failing before = failing;
        failing = new Failing(before == null ? Instant.now() : before.since(), reason);
        if (before == null || !before.reason().equals(reason)) {
            // once per failure, not once a second: the readiness check keeps reporting it
            LOG.warning("Queued audit events could not be linked into their chains (" + reason
                    + "); they stay queued and every later pass tries again");
        }
    }
}
