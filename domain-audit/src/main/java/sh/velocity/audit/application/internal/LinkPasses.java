package sh.velocity.audit.application.internal;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Group commit for linking queued audit events into their chains. A caller whose events have
 * committed needs one pass that <em>starts</em> after its commit (an earlier pass may not have seen
 * them). If no pass is running, the caller runs one itself, on its own thread; if one is running,
 * the caller waits for it to end and for the next one, which the first of the waiting callers runs
 * for all of them. Under load each pass links what many requests queued while the previous pass
 * ran, in one short database transaction, instead of one chain-head lock per request.
 *
 * <p>Under concurrency passes start at least {@code spacing} apart. A caller that would start a
 * pass sooner after the previous one, when another caller has arrived since that one started,
 * waits out the rest of the spacing first, holding the turn, and every caller that arrives meanwhile
 * is served by that pass: under load a pass links what about {@code spacing} of writes queued, in
 * one chain-head lock and one commit per chain, instead of a pass for every two or three requests.
 * A lone caller (no other arrival since the last pass started, like a client writing one record
 * after another) or one that finds the last pass started longer ago than the spacing runs its pass
 * at once, as PostgreSQL's {@code commit_delay} applies only with {@code commit_siblings}.
 *
 * <p>A pass that fails still ends: the events stay queued and a later pass links them. A caller
 * waits at most {@code maxWait} for its pass and then gives up (its events stay queued).
 */
final class LinkPasses {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition ended = lock.newCondition();
    /** Never signalled: the caller holding the turn waits on it, releasing the lock, until the spacing is over. */
    private final Condition spacingOver = lock.newCondition();
    private final long spacingNanos;
    private long started;
    private long finished;
    private boolean running;
    /** {@link System#nanoTime()} when the last pass started. */
    private long lastStart;
    /** Calls so far, and how many there had been when the last pass started. */
    private long arrivals;
    private long arrivalsAtLastStart;

    /** Passes back to back, as soon as a caller needs one. */
    LinkPasses() {
        this(Duration.ZERO);
    }

    /** Pass starts at least {@code spacing} apart (class comment). */
    LinkPasses(Duration spacing) {
        if (spacing.isNegative()) {
            throw new IllegalArgumentException("link pass spacing must not be negative: " + spacing);
        }
        this.spacingNanos = spacing.toNanos();
        this.lastStart = System.nanoTime() - spacingNanos;
    }

    /**
     * Returns once a pass that started after this call has ended (having run it here if no other
     * caller did): true then, false when {@code maxWait} ran out first or the thread was interrupted.
     */
    boolean awaitPassFromNow(Runnable pass, Duration maxWait) {
        long deadline = System.nanoTime() + maxWait.toNanos();
        lock.lock();
        try {
            long needed = started + 1;
            arrivals++;
            while (finished < needed) {
                if (!running) {
                    running = true;
                    if (arrivals - arrivalsAtLastStart > 1) {
                        awaitSpacing();
                    }
                    long mine = ++started;
                    lastStart = System.nanoTime();
                    arrivalsAtLastStart = arrivals;
                    lock.unlock();
                    try {
                        pass.run();
                    } finally {
                        lock.lock();
                        finished = mine;
                        running = false;
                        ended.signalAll();
                    }
                    continue;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                try {
                    ended.await(left, TimeUnit.NANOSECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * With the lock and the turn held: waits, releasing the lock, until {@code spacing} has passed
     * since the last pass started. Callers that arrive meanwhile find a pass not yet started, so
     * this one serves them. An interrupt ends the wait early (the pass still runs: others wait on
     * it) and is kept for the caller.
     */
    private void awaitSpacing() {
        long left = lastStart + spacingNanos - System.nanoTime();
        while (left > 0) {
            try {
                left = spacingOver.awaitNanos(left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
