package sh.velocity.schema.domain.rules;

import dev.cel.common.ast.CelExpr;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import dev.cel.runtime.CelEvaluationListener;

/**
 * The write-time bound of one rule evaluation: a step budget and a deadline, checked every time the
 * cel-java interpreter finishes evaluating an expression node.
 *
 * <p>It exists because cel-java 0.14.0 has no timeout: the only hook into a running evaluation is
 * the {@link CelEvaluationListener} given to {@code Program.trace}, which the interpreter calls
 * after every node, inside every comprehension iteration too. The invariant it protects: once the
 * step count passes the budget, or the bound has passed in wall time and the thread has used it in
 * CPU time, or twice the bound has passed and the thread has used half of it, or
 * {@value #WALL_BACKSTOP} times the bound has passed whatever the CPU time, the evaluation stops at
 * the next node, on the calling thread, and is reported as a timeout. No other thread is
 * involved, so nothing keeps running after {@link RuleCompiler#evaluate} returns. Between two
 * callbacks the interpreter can only be inside one builtin call, whose cost the apply-time estimate
 * keeps under {@link RuleLimits#perCallCostLimit()}. A deadline stop before the thread has used the
 * whole bound in CPU time is the wall clock's verdict, and one at the first node comes before any of
 * the rule's work; {@link RuleCompiler#evaluate} confirms either with one more evaluation (ADR 0019).
 *
 * <p>Why the abort is an {@link Error}: cel-java evaluates the operands of {@code &&}, {@code ||}
 * and the loop condition of every comprehension non-strictly, catching {@link Exception} and turning
 * it into a CEL error value, which {@code || true} would then absorb and evaluation would carry on.
 * An {@code Error} subclass passes through those handlers (verified: no catch of {@code Throwable}
 * or {@code Error} in the 0.14.0 runtime). The guard is also sticky — every later callback throws
 * again — and {@link #tripped()} is checked after evaluation, so even a swallowed abort cannot turn
 * into a pass.
 */
final class ExecutionGuard implements CelEvaluationListener {

    /** Thrown from the listener to unwind the interpreter; never escapes {@link RuleCompiler}. */
    static final class BoundExceeded extends Error {
        private static final long serialVersionUID = 1L;

        BoundExceeded() {
            super("CEL execution bound exceeded", null, false, false);
        }
    }

    /**
     * How many bounds of wall time a thread that did not compute for its bound gets: a backstop for
     * a thread starved for a long time, not the bound itself (that is CPU time). At 2, and again at
     * 10, a loaded machine turned valid writes into 400 CEL_TIMEOUT: with 50 writers on two cores a
     * one-microsecond rule was stopped after 20 ms, and seven threads at once after 100-119 ms of
     * wall time with 0.1 ms of CPU and one step, a pause of the whole JVM (ConcurrentAuditIT,
     * docs/benchmarks.md). At the default bound, 100 makes the backstop one second.
     */
    static final int WALL_BACKSTOP = 100;


    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final boolean CPU_TIME = THREADS.isCurrentThreadCpuTimeSupported();

    private final long startNanos;
    private final long boundNanos;
    private final long stepBudget;
    private final long cpuStartNanos;
    private long steps;
    private String reason;
    private long trippedWallNanos = -1;
    private long trippedCpuNanos = -1;

    ExecutionGuard(long startNanos, long boundNanos, long stepBudget) {
        this.startNanos = startNanos;
        this.boundNanos = boundNanos;
        this.stepBudget = stepBudget;
        this.cpuStartNanos = CPU_TIME ? THREADS.getCurrentThreadCpuTime() : -1;
    }

    @Override
    public void callback(CelExpr expr, Object value) {
        if (reason != null) {
            throw new BoundExceeded();
        }
        if (++steps > stepBudget) {
            reason = "the rule exceeded its step budget of " + stepBudget;
            throw new BoundExceeded();
        }
        long elapsed = System.nanoTime() - startNanos;
        if (elapsed > boundNanos && (elapsed > WALL_BACKSTOP * boundNanos || worked(elapsed))) {
            reason = "deadline";
            trippedWallNanos = elapsed;
            trippedCpuNanos = cpuStartNanos < 0 ? -1 : THREADS.getCurrentThreadCpuTime() - cpuStartNanos;
            throw new BoundExceeded();
        }
    }

    /**
     * Past the wall-clock bound, whether this thread really worked: for the whole bound of CPU time
     * (stopped at once), or, past twice the bound of wall time, for half of it (a rule doing real
     * work on a loaded machine still returns within a few times its bound). A light rule whose
     * thread was merely waiting (descheduled, or stopped with the whole JVM for a pause) has used
     * microseconds, and gets up to {@value #WALL_BACKSTOP} times the bound. The threshold was a
     * tenth until a four-step rule was stopped after 23.1 ms of wall and 3.4 ms of CPU time (JVM
     * work charged to the thread, not the rule's) while ten thousand writes ran on two loaded cores
     * (SearchEngineIT). Without thread CPU time, wall time alone decides.
     */
    private boolean worked(long elapsed) {
        if (cpuStartNanos < 0) {
            return true;
        }
        long cpu = THREADS.getCurrentThreadCpuTime() - cpuStartNanos;
        return cpu >= boundNanos || (elapsed > 2 * boundNanos && cpu >= boundNanos / 2);
    }

    /** True once the guard has stopped the evaluation. */
    boolean tripped() {
        return reason != null;
    }

    /**
     * True when the deadline stopped the evaluation before the rule had computed for the whole
     * bound, so the verdict may be the machine's or the JVM's rather than the rule's, and
     * {@link RuleCompiler#evaluate} confirms it once: the thread had not used the bound in CPU time
     * (or its CPU time is unknown), and the wall clock decided; or the stop came at the first node,
     * before any of the rule's work had run, so the CPU time went to converting the record and to
     * JVM work on the thread (seen: "10.6 ms CPU, 1 steps" for a one-line rule on a server two
     * minutes old). From the second node on, a bound of CPU time is the rule's, and final, unless the
     * rule is too light to have computed for it ({@link RuleCompiler#confirms}).
     */
    boolean trippedWithoutComputingTheBound() {
        return "deadline".equals(reason) && (trippedCpuNanos < boundNanos || steps <= 1);
    }

    /** True when the deadline stopped the evaluation (not the step budget). */
    boolean trippedOnDeadline() {
        return "deadline".equals(reason);
    }

    /** Why it stopped: {@code "deadline"} or a step-budget message; null when not tripped. */
    String reason() {
        return reason;
    }

    /** For the log: wall and CPU time used when the deadline tripped, and the steps taken. */
    String trace() {
        return String.format(java.util.Locale.ROOT, "%s after %.1f ms wall, %.1f ms CPU, %d steps", reason,
                trippedWallNanos / 1e6, trippedCpuNanos / 1e6, steps);
    }

    /** The number of callbacks seen. */
    long steps() {
        return steps;
    }
}
