package sh.velocity.audit.application.internal;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;
import sh.velocity.audit.domain.StoredEvent;
import sh.velocity.audit.domain.drain.Backoff;
import sh.velocity.audit.domain.drain.DeliveryFailure;
import sh.velocity.audit.domain.drain.DrainSettings;
import sh.velocity.audit.domain.drain.SiemDrain;
import sh.velocity.audit.infrastructure.persistence.JdbcAuditLog;
import sh.velocity.audit.infrastructure.persistence.JdbcDrainCursors;
import sh.velocity.audit.infrastructure.persistence.JdbcDrainCursors.Position;

/**
 * One pass of a drain: under the drain's cluster-wide lock, ship every chain's events after the
 * drain's cursor, batch by batch in sequence order, moving the cursor after each accepted batch.
 *
 * <p>Invariants: the cursor never passes an event the destination did not accept (a failure stops
 * the pass where it is, and the next pass sends the same events again), and two replicas never
 * drain to one destination at once (the lock is a transaction-scoped advisory lock, held for the
 * pass and released with the transaction, or with the connection if the replica dies). A failed
 * delivery is not retried in the pass: the drain waits out an exponential backoff with jitter (at
 * least the receiver's {@code Retry-After}) and the timer comes back then. A pass stops after
 * {@link #PASS_BUDGET} so its transaction stays far from the transaction timeout; the next one
 * follows at once.
 */
@ApplicationScoped
public class DrainPasses {

    private static final Logger LOG = Logger.getLogger(DrainPasses.class.getName());

    static final Duration PASS_BUDGET = Duration.ofSeconds(30);
    static final Duration SOON = Duration.ofMillis(50);
    static final Backoff BACKOFF = new Backoff(Duration.ofMillis(500), Duration.ofMinutes(5), new Random());

    @Inject
    JdbcDrainCursors cursors;

    @Inject
    JdbcAuditLog log;

    @Inject
    DrainCursorWrites cursorWrites;

    @Inject
    DrainMetrics metrics;

    private final Map<String, DrainState> states = new ConcurrentHashMap<>();
    private volatile boolean stopping;

    /** What one drain remembers between passes on this replica. */
    private static final class DrainState {
        volatile long lag;
        DrainMetrics.DrainCounters counters;
        int failures;
        Instant notBefore = Instant.EPOCH;
    }

    /** Runs one pass and returns when the next should start. */
    @Transactional
    public Duration pass(SiemDrain drain) {
        DrainSettings settings = drain.settings();
        String name = settings.name();
        DrainState state = states.computeIfAbsent(name, n -> register(n));
        try {
            Instant now = Instant.now();
            if (now.isBefore(state.notBefore)) {
                state.lag = lag(settings, cursors.positions(name));
                Duration wait = Duration.between(now, state.notBefore);
                return wait.compareTo(settings.interval()) < 0 ? wait : settings.interval();
            }
            if (!cursors.tryLock(name)) {
                state.lag = lag(settings, cursors.positions(name));
                return settings.interval();
            }
            List<Position> positions = cursors.positions(name).stream().filter(p -> settings.includes(p.chain()))
                    .toList();
            state.lag = lag(settings, positions);
            Instant deadline = now.plus(PASS_BUDGET);
            int limit = settings.batchSize();
            for (Position position : positions) {
                long after = position.after();
                boolean known = position.stored();
                while (after < position.head()) {
                    if (stopping) {
                        return settings.interval();
                    }
                    if (Instant.now().isAfter(deadline)) {
                        return SOON;
                    }
                    List<StoredEvent> batch = log.after(position.chain(), after, position.head(), limit);
                    long first = batch.isEmpty() ? position.head() + 1 : batch.get(0).seq();
                    if (known && first != after + 1) {
                        LOG.warning("SIEM drain " + name + ": events " + (after + 1) + " to " + (first - 1) + " of chain "
                                + position.chain() + " are no longer in the audit log and were not shipped");
                    }
                    if (batch.isEmpty()) {
                        cursorWrites.advance(name, position.chain(), position.head());
                        break;
                    }
                    try {
                        drain.deliver(batch);
                    } catch (DeliveryFailure failure) {
                        state.counters.failed().inc();
                        state.failures++;
                        if (failure.tooLarge() && batch.size() > 1) {
                            limit = Math.max(1, batch.size() / 2);
                            LOG.warning("SIEM drain " + name + ": " + drain.destination() + " refused a batch of "
                                    + batch.size() + " events as too large; sending " + limit + " at a time");
                            continue;
                        }
                        Duration wait = BACKOFF.delay(state.failures, failure.retryAfter());
                        state.notBefore = Instant.now().plus(wait);
                        logFailure(drain, batch, failure, state.failures, wait);
                        return wait.compareTo(settings.interval()) < 0 ? wait : settings.interval();
                    }
                    long last = batch.get(batch.size() - 1).seq();
                    cursorWrites.advance(name, position.chain(), last);
                    state.counters.shipped().inc(batch.size());
                    state.lag = Math.max(0, state.lag - (last - after));
                    if (state.failures > 0) {
                        LOG.info("SIEM drain " + name + " delivers to " + drain.destination() + " again, after "
                                + state.failures + " failed attempt(s)");
                        state.failures = 0;
                    }
                    after = last;
                    known = true;
                }
            }
            return settings.interval();
        } catch (SQLException e) {
            LOG.warning("SIEM drain " + name + ": the audit log or the drain's cursors could not be read or written "
                    + "(SQLState " + e.getSQLState() + "); the pass is retried");
            return settings.interval();
        } finally {
            drain.endPass();
        }
    }

    /** Stops passes between batches and abandons deliveries in progress (the application is stopping). */
    public void stop(List<SiemDrain> drains) {
        stopping = true;
        drains.forEach(SiemDrain::abort);
    }

    public boolean stopping() {
        return stopping;
    }

    private DrainState register(String name) {
        DrainState state = new DrainState();
        state.counters = metrics.register(name, () -> state.lag);
        return state;
    }

    private static long lag(DrainSettings settings, List<Position> positions) {
        return positions.stream().filter(p -> settings.includes(p.chain())).mapToLong(Position::behind).sum();
    }

    /** Logged at the 1st, 2nd, 4th, 8th… consecutive failure: an outage does not flood the log. */
    private static void logFailure(SiemDrain drain, List<StoredEvent> batch, DeliveryFailure failure, int failures,
                                   Duration wait) {
        if (Integer.bitCount(failures) == 1) {
            LOG.warning("SIEM drain " + drain.settings().name() + " could not deliver events " + batch.get(0).seq()
                    + ".." + batch.get(batch.size() - 1).seq() + " of chain " + batch.get(0).chain() + " to "
                    + drain.destination() + " (" + failure.getMessage() + "); failed attempt " + failures + ", next in "
                    + wait.toMillis() + " ms");
        }
    }
}
