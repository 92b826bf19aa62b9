package sh.velocity.audit.application.internal;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import sh.velocity.audit.domain.EventRow;

/**
 * Runs a chain's verifier on a thread of its own while the request thread reads the chain, so
 * that hashing one batch of events overlaps with PostgreSQL producing and the driver parsing the
 * next: on a long chain the two take about as long each, and one after the other they took twice
 * as long. Rows go over in batches through a bounded queue (memory stays a few batches whatever
 * the chain's length), in order, and each is handed to the sink exactly once.
 *
 * <p>The thread only computes: it touches no connection, transaction or other container service,
 * which all stay on the request thread. {@link #close()} waits for it to drain the queue, after
 * which everything it did is visible to the caller; a failure on it is rethrown there.
 */
final class VerifierThread implements Consumer<EventRow>, AutoCloseable {

    private static final int BATCH = 512;
    private static final int BATCHES_IN_FLIGHT = 8;
    private static final EventRow[] END = new EventRow[0];

    private final BlockingQueue<EventRow[]> queue = new ArrayBlockingQueue<>(BATCHES_IN_FLIGHT);
    private final Consumer<EventRow> sink;
    private final Thread thread;
    private volatile RuntimeException failure;
    private volatile boolean abandoned;
    private volatile boolean drained;
    private EventRow[] batch = new EventRow[BATCH];
    private int filled;

    VerifierThread(Consumer<EventRow> sink) {
        this.sink = sink;
        this.thread = new Thread(this::drain, "velocity-audit-verify");
        thread.setDaemon(true);
        thread.start();
    }

    /** Queues one row; the row must not be changed afterwards (the reader hands over a fresh one each time). */
    @Override
    public void accept(EventRow row) {
        batch[filled++] = row;
        if (filled == BATCH) {
            hand(batch);
            batch = new EventRow[BATCH];
            filled = 0;
        }
    }

    /** Hands over the last rows and waits until the sink has seen every row. */
    @Override
    public void close() {
        if (filled > 0) {
            EventRow[] rest = new EventRow[filled];
            System.arraycopy(batch, 0, rest, 0, filled);
            hand(rest);
            filled = 0;
        }
        hand(END);
        join();
        if (failure != null) {
            throw failure;
        }
        if (!drained) {
            throw new IllegalStateException("the verifier thread stopped before it had seen every row");
        }
    }

    /** Stops the thread without waiting for the queued rows: the read failed and its result is void. */
    void abandon() {
        abandoned = true;
        thread.interrupt();
        join();
    }

    private void hand(EventRow[] rows) {
        try {
            while (!queue.offer(rows, 1, TimeUnit.SECONDS)) {
                if (!thread.isAlive()) {
                    throw failure != null ? failure : new IllegalStateException("the verifier thread ended early");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            abandon();
            throw new IllegalStateException("interrupted while verifying an audit chain", e);
        }
    }

    private void drain() {
        try {
            for (EventRow[] rows = queue.take(); rows != END && !abandoned; rows = queue.take()) {
                for (EventRow row : rows) {
                    sink.accept(row);
                }
            }
            drained = !abandoned;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            failure = e;
        }
    }

    private void join() {
        joinUninterruptibly(thread);
    }

    /** Waits until {@code t} has ended, an interrupt meanwhile kept for the caller to see afterwards. */
    static void joinUninterruptibly(Thread t) {
        boolean interrupted = false;
        while (t.isAlive()) {
            try {
                t.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
