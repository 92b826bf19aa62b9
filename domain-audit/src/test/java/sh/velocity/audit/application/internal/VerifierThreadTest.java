package sh.velocity.audit.application.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import sh.velocity.audit.domain.EventRow;

/** The hand-over to the verifying thread: every row, in order, once; failures come back to the caller. */
class VerifierThreadTest {

    private static EventRow row(long seq) {
        return new EventRow(seq, null, null, null, null, null, null, null, null, null, null, null);
    }

    @Test
    void everyRowArrivesOnceAndInOrderBeforeCloseReturns() {
        for (int n : new int[] {0, 1, 511, 512, 513, 20_000}) {
            List<Long> seen = new ArrayList<>();
            Thread[] on = new Thread[1];
            VerifierThread t = new VerifierThread(r -> {
                on[0] = Thread.currentThread();
                seen.add(r.seq());
            });
            for (long i = 1; i <= n; i++) {
                t.accept(row(i));
            }
            t.close();
            assertEquals(n, seen.size());
            for (int i = 0; i < n; i++) {
                assertEquals(i + 1L, seen.get(i));
            }
            assertTrue(n == 0 || on[0] != Thread.currentThread(), "the sink ran on the verifier's own thread");
        }
    }

    @Test
    void aFailureOfTheSinkIsRethrownToTheReader() {
        IllegalStateException boom = new IllegalStateException("boom");
        VerifierThread t = new VerifierThread(r -> {
            if (r.seq() == 700) {
                throw boom;
            }
        });
        RuntimeException thrown = assertThrows(RuntimeException.class, () -> {
            for (long i = 1; i <= 100_000; i++) {
                t.accept(row(i));
            }
            t.close();
        });
        assertSame(boom, thrown);
    }

    @Test
    void abandoningAStuckVerifierReturnsWithoutDrainingTheQueue() {
        CountDownLatch never = new CountDownLatch(1);
        List<Long> seen = Collections.synchronizedList(new ArrayList<>());
        VerifierThread t = new VerifierThread(r -> {
            seen.add(r.seq());
            try {
                never.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        for (long i = 1; i <= 2_000; i++) {
            t.accept(row(i));
        }
        assertTimeoutPreemptively(Duration.ofSeconds(20), t::abandon);
        assertTrue(seen.size() < 2_000, seen.size() + " rows were verified after the read was abandoned");
    }
}
