package sh.velocity.schema.domain.rules;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import org.junit.jupiter.api.Assumptions;

/** The calling thread's CPU time, for tests of the CPU-time bound. */
final class ThreadCpu {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private ThreadCpu() {
    }

    /** Skips the test where the JVM cannot measure a thread's CPU time. */
    static void assumeMeasurable() {
        Assumptions.assumeTrue(THREADS.isCurrentThreadCpuTimeSupported());
    }

    /** Computes on this thread until it has used {@code nanos} of CPU time. */
    static void spin(long nanos) {
        long start = THREADS.getCurrentThreadCpuTime();
        while (THREADS.getCurrentThreadCpuTime() - start < nanos) {
            Thread.onSpinWait();
        }
    }
}
