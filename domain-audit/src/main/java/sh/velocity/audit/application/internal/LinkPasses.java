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
 * <p>A pass that fails still ends: the events stay queued and a later pass links them. A caller
 * waits at most {@code maxWait} for its pass and then gives up (its events stay queued).
 */
final class LinkPasses {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition ended = lock.newCondition();
    private long started;
    private long finished;
    private boolean running;

    /**
     * Returns once a pass that started after this call has ended (having run it here if no other
     * caller did): true then, false when {@code maxWait} ran out first or the thread was interrupted.
     */
    boolean awaitPassFromNow(Runnable pass, Duration maxWait) {
        long deadline = System.nanoTime() + maxWait.toNanos();
        lock.lock();
        try {
            long needed = started + 1;
            while (finished < needed) {
                if (!running) {
                    running = true;
                    long mine = ++started;
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
}
