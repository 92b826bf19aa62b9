package sh.velocity.schema.domain.rules;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The deadline counts work, not waiting: a thread that lost the CPU (a loaded machine, a GC pause)
 * is not timed out for it until {@link ExecutionGuard#WALL_BACKSTOP} bounds have passed; a thread
 * that computed is stopped.
 */
class ExecutionGuardTest {

    /** Large, so that a loaded machine's scheduling delays are small against it. */
    private static final long BOUND = 1_000_000_000L;

    @Test
    void aDescheduledThreadGetsUpToTheWallBackstop() {
        ThreadCpu.assumeMeasurable();
        // Built inside the lambda: the lambda's own first-time linkage must not count as the guard's CPU time.
        long backstop = ExecutionGuard.WALL_BACKSTOP * BOUND;
        assertDoesNotThrow(() -> new ExecutionGuard(System.nanoTime() - backstop + BOUND / 2, BOUND, 1_000_000)
                .callback(null, null), "half a bound short of the backstop in wall time, ~no CPU: keep going");

        ExecutionGuard waitedTooLong = new ExecutionGuard(System.nanoTime() - backstop - BOUND / 2, BOUND, 1_000_000);
        assertThrows(ExecutionGuard.BoundExceeded.class, () -> waitedTooLong.callback(null, null));
        assertTrue(waitedTooLong.tripped());
        assertTrue(waitedTooLong.trippedWithoutComputingTheBound(), "the wall clock decided: confirm it");
    }

    @Test
    void aThreadThatComputedForTheBoundIsStopped() {
        ThreadCpu.assumeMeasurable();
        long bound = 20_000_000L;
        ExecutionGuard guard = new ExecutionGuard(System.nanoTime(), bound, Long.MAX_VALUE);
        assertDoesNotThrow(() -> guard.callback(null, null), "the rule's first node");
        ThreadCpu.spin(bound * 3 / 2);
        assertThrows(ExecutionGuard.BoundExceeded.class, () -> guard.callback(null, null));
        assertFalse(guard.trippedWithoutComputingTheBound(), "the rule computed for the bound: final");
    }

    @Test
    void aBoundOfCpuTimeAtTheFirstNodeIsNotTheRulesAndIsConfirmed() {
        ThreadCpu.assumeMeasurable();
        long bound = 20_000_000L;
        ExecutionGuard guard = new ExecutionGuard(System.nanoTime(), bound, Long.MAX_VALUE);
        ThreadCpu.spin(bound * 3 / 2); // the record's conversion and JVM work, before the first node
        assertThrows(ExecutionGuard.BoundExceeded.class, () -> guard.callback(null, null));
        assertTrue(guard.trippedWithoutComputingTheBound(), "nothing of the rule had run: confirm it");
    }

    @Test
    void aHeavyRuleOnALoadedMachineIsStoppedPastTwiceTheBound() {
        ThreadCpu.assumeMeasurable();
        long bound = 20_000_000L;
        ExecutionGuard guard = new ExecutionGuard(System.nanoTime() - bound * 5 / 2, bound, Long.MAX_VALUE);
        ThreadCpu.spin(bound * 6 / 10);
        assertThrows(ExecutionGuard.BoundExceeded.class, () -> guard.callback(null, null),
                "2.5 bounds of wall time and 0.6 of CPU: a rule that works, slowed by the machine");
    }

    @Test
    void aLightRuleChargedWithSomeJvmWorkIsNotStoppedAtTwiceTheBound() {
        ThreadCpu.assumeMeasurable();
        long bound = 20_000_000L;
        ExecutionGuard guard = new ExecutionGuard(System.nanoTime() - bound * 5 / 2, bound, Long.MAX_VALUE);
        ThreadCpu.spin(bound * 3 / 10);
        assertDoesNotThrow(() -> guard.callback(null, null),
                "2.5 bounds of wall time and 0.3 of CPU (seen: 3.4 ms of a 10 ms bound in four steps)");
    }

    @Test
    void theStepBudgetStopsRegardlessOfTime() {
        ExecutionGuard guard = new ExecutionGuard(System.nanoTime(), Long.MAX_VALUE / 4, 3);
        assertDoesNotThrow(() -> {
            guard.callback(null, null);
            guard.callback(null, null);
            guard.callback(null, null);
        });
        assertThrows(ExecutionGuard.BoundExceeded.class, () -> guard.callback(null, null));
        assertFalse(guard.trippedWithoutComputingTheBound(), "a step budget is deterministic: never run again");
    }
}
