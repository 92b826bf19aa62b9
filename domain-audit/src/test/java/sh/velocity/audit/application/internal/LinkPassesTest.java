package sh.velocity.audit.application.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The group commit of {@link LinkPasses}: every caller returns only after a pass that started after
 * it was called, and concurrent callers share passes. The "queue" here is a counter of committed
 * events; a pass links everything committed when it starts.
 */
class LinkPassesTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void aLoneCallerRunsAPassOnItsOwnThread() {
        LinkPasses passes = new LinkPasses();
        List<Thread> ran = new ArrayList<>();
        assertTrue(passes.awaitPassFromNow(() -> ran.add(Thread.currentThread()), WAIT));
        assertTrue(passes.awaitPassFromNow(() -> ran.add(Thread.currentThread()), WAIT));
        assertEquals(List.of(Thread.currentThread(), Thread.currentThread()), ran, "one pass per call, here");
    }

    @Test
    void everyCallerFindsWhatItCommittedBeforeCallingLinkedAndCallersSharePasses() throws Exception {
        assertCallersServed(new LinkPasses(), 16, 200);
    }

    @Test
    void withASpacingEveryCallerIsStillServedByFewerPasses() throws Exception {
        int passes = assertCallersServed(new LinkPasses(Duration.ofMillis(5)), 16, 50);
        assertTrue(passes < 16 * 50 / 4, passes + " passes for " + 16 * 50 + " calls");
    }

    @Test
    void aLoneCallerWritingOneAfterAnotherNeverWaitsForTheSpacing() {
        Duration spacing = Duration.ofMillis(500);
        LinkPasses passes = new LinkPasses(spacing);
        long t0 = System.nanoTime();
        for (int i = 0; i < 3; i++) {
            assertTrue(passes.awaitPassFromNow(() -> { }, WAIT));
        }
        assertTrue(System.nanoTime() - t0 < spacing.toNanos(), "three passes back to back, no spacing");
    }

    @Test
    void underConcurrencyTheNextPassWaitsOutTheSpacingAndServesEveryoneWhoArrivesMeanwhile() throws Exception {
        Duration spacing = Duration.ofMillis(400);
        LinkPasses passes = new LinkPasses(spacing);
        List<Long> starts = java.util.Collections.synchronizedList(new ArrayList<>());
        CountDownLatch releaseFirstPass = new CountDownLatch(1);
        Runnable pass = () -> starts.add(System.nanoTime());
        Thread first = blockedPass(passes, pass, releaseFirstPass);
        List<Thread> others = new ArrayList<>();
        for (int i = 0; i < 2; i++) { // arrive while the first pass runs: they need the next one
            Thread t = new Thread(() -> assertTrue(passes.awaitPassFromNow(pass, WAIT)));
            others.add(t);
            t.start();
        }
        sleep(50);
        releaseFirstPass.countDown();
        sleep(100); // the next pass now waits out the spacing
        Thread late = new Thread(() -> assertTrue(passes.awaitPassFromNow(pass, WAIT)));
        others.add(late);
        late.start();
        first.join();
        for (Thread t : others) {
            t.join();
        }
        assertEquals(2, starts.size(), "one pass after the first served the two waiting callers and the late one");
        // the spacing runs from just before the first pass recorded its start
        assertTrue(starts.get(1) - starts.get(0) >= spacing.minusMillis(5).toNanos(),
                "the second pass started " + (starts.get(1) - starts.get(0)) / 1_000_000 + " ms after the first");
    }

    @Test
    void aNegativeSpacingIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new LinkPasses(Duration.ofMillis(-1)));
    }

    /** Callers each commit and wait, {@code rounds} times; none may return before its event is linked. Returns the passes. */
    private static int assertCallersServed(LinkPasses passes, int callers, int rounds) throws Exception {
        AtomicLong committed = new AtomicLong();
        AtomicLong linked = new AtomicLong();
        AtomicInteger passCount = new AtomicInteger();
        Runnable pass = () -> {
            long upTo = committed.get();
            passCount.incrementAndGet();
            sleep(2); // a database round trip and a WAL flush
            linked.accumulateAndGet(upTo, Math::max);
        };
        ConcurrentHashMap<String, Long> misses = new ConcurrentHashMap<>();
        CyclicBarrier start = new CyclicBarrier(callers);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < callers; t++) {
            Thread thread = new Thread(() -> {
                try {
                    start.await();
                    for (int i = 0; i < rounds; i++) {
                        long mine = committed.incrementAndGet();
                        assertTrue(passes.awaitPassFromNow(pass, WAIT));
                        if (linked.get() < mine) {
                            misses.put(Thread.currentThread().getName() + "#" + i, mine);
                        }
                    }
                } catch (Exception e) {
                    misses.put("failed: " + e, -1L);
                }
            }, "caller-" + t);
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        assertEquals(java.util.Map.of(), misses, "a caller returned before its event was linked");
        assertEquals(callers * rounds, linked.get());
        assertTrue(passCount.get() < callers * rounds / 2,
                "callers share passes: " + passCount.get() + " passes for " + callers * rounds + " calls");
        return passCount.get();
    }

    @Test
    void aFailingPassEndsAndTheNextCallerRunsAnother() {
        LinkPasses passes = new LinkPasses();
        assertThrows(IllegalStateException.class, () -> passes.awaitPassFromNow(() -> {
            throw new IllegalStateException("database down");
        }, WAIT));
        AtomicInteger ran = new AtomicInteger();
        assertTrue(passes.awaitPassFromNow(ran::incrementAndGet, WAIT));
        assertEquals(1, ran.get());
    }

    @Test
    void aCallerGivesUpWhenThePassItWaitsForDoesNotEnd() throws Exception {
        LinkPasses passes = new LinkPasses();
        CountDownLatch release = new CountDownLatch(1);
        Thread stuck = blockedPass(passes, () -> { }, release);
        try {
            assertFalse(passes.awaitPassFromNow(() -> { }, Duration.ofMillis(100)));
        } finally {
            release.countDown();
            stuck.join();
        }
        assertTrue(passes.awaitPassFromNow(() -> { }, WAIT), "passes go on once the stuck one ends");
    }

    /**
     * Starts a caller on a thread of its own whose pass runs {@code atStart} and then blocks until
     * {@code release} opens; returns the thread once the pass has begun.
     */
    private static Thread blockedPass(LinkPasses passes, Runnable atStart, CountDownLatch release)
            throws InterruptedException {
        CountDownLatch inPass = new CountDownLatch(1);
        Thread caller = new Thread(() -> passes.awaitPassFromNow(() -> {
            atStart.run();
            inPass.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, WAIT));
        caller.start();
        inPass.await();
        return caller;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
