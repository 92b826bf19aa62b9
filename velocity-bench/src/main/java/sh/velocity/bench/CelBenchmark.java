package sh.velocity.bench;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import sh.velocity.schema.domain.rules.CompiledRule;
import sh.velocity.schema.domain.rules.RuleCompiler;
import sh.velocity.schema.domain.rules.RuleField;
import sh.velocity.schema.domain.rules.RuleOutcome;
import sh.velocity.schema.domain.rules.RuleRejected;

/**
 * The CEL rule of the CONTRACT example manifest, in-process, through the same
 * {@link RuleCompiler} the server uses (no HTTP, no database):
 * <ul>
 *   <li>write-time evaluation latency — each evaluation timed on its own with {@link System#nanoTime},
 *       passing and failing records alternating, under the rule's own bound (maxExecutionMs 10);</li>
 *   <li>single-thread throughput — a separate, untimed loop over the same records;</li>
 *   <li>apply-time compile latency (parse + type-check + cost estimate + program) and the rule's
 *       worst-case cost estimate against the budget.</li>
 * </ul>
 */
final class CelBenchmark {

    /** The rule of docs/examples/purchase-order.yaml (CONTRACT.md §1). */
    static final String RULE = "self.amount > 0 && self.currency in ['USD', 'EUR']";

    /** The fields of the example manifest, as the rule engine sees them. */
    static final List<RuleField> FIELDS = List.of(
            new RuleField("po_number", "string", 32),
            new RuleField("amount", "decimal", null),
            new RuleField("currency", "string", 3),
            new RuleField("notes", "string", 1000),
            new RuleField("credit_card", "string", 19));

    /** The example rule's maxExecutionMs. */
    static final Duration BOUND = Duration.ofMillis(10);

    /** Records the rule accepts; decimals as BigDecimal, as the records layer passes JSON numbers. */
    private static final List<Map<String, Object>> PASSING = List.of(
            record("PO-1", "12.5", "USD", null, "4111111111111111"),
            record("PO-2", "0.01", "EUR", "urgent, deliver to dock 4", "5500000000000004"),
            record("PO-3", "99999.99", "USD", "x".repeat(1000), null),
            record("PO-4", "7", "EUR", null, null));

    /** Records the rule refuses: non-positive amount, or a currency outside the list. */
    private static final List<Map<String, Object>> FAILING = List.of(
            record("PO-5", "0", "USD", null, "4111111111111111"),
            record("PO-6", "12.5", "GBP", "wrong currency", null),
            record("PO-7", "-3.25", "EUR", null, null),
            record("PO-8", "12.5", "usd", "x".repeat(1000), "5500000000000004"));

    record Config(int warmup, int evaluations, int compileWarmup, int compiles) {
        /**
         * 200,000 warm-up evaluations, not 20,000: on the 2-core development machine under load,
         * 20,000 left C2 still compiling the cel-java interpreter during the timed loop (p90 12 µs
         * against 2.4 µs after 200,000; docs/benchmarks.md).
         */
        static final Config DEFAULTS = new Config(200_000, 200_000, 200, 1_000);
    }

    record Result(Config config, Percentiles evaluate, Percentiles passing, Percentiles failing,
                  long timerOverheadNanos, double evaluationsPerSecond,
                  int timeouts, long gcCount, long gcMillis, Percentiles compile, long estimatedCost,
                  long costBudget, long perCallCostLimit, String loadBefore, String loadAfter, String cpu) {

        String render() {
            StringBuilder out = new StringBuilder();
            out.append("CEL rule (in-process, 1 thread): ").append(RULE).append('\n');
            out.append(new Table("operation", "n", "p50", "p90", "p99", "p99.9", "max", "unit")
                    .row("evaluate (pass/fail alternating)", Table.count(evaluate.count()),
                            Table.micros(evaluate.nanos(50)), Table.micros(evaluate.nanos(90)),
                            Table.micros(evaluate.nanos(99)), Table.micros(evaluate.nanos(99.9)),
                            Table.micros(evaluate.maxNanos()), "us")
                    .row("  of which passing records", Table.count(passing.count()),
                            Table.micros(passing.nanos(50)), Table.micros(passing.nanos(90)),
                            Table.micros(passing.nanos(99)), Table.micros(passing.nanos(99.9)),
                            Table.micros(passing.maxNanos()), "us")
                    .row("  of which failing records", Table.count(failing.count()),
                            Table.micros(failing.nanos(50)), Table.micros(failing.nanos(90)),
                            Table.micros(failing.nanos(99)), Table.micros(failing.nanos(99.9)),
                            Table.micros(failing.maxNanos()), "us")
                    .row("compile (parse+check+cost+program)", Table.count(compile.count()),
                            Table.micros(compile.nanos(50)), Table.micros(compile.nanos(90)),
                            Table.micros(compile.nanos(99)), Table.micros(compile.nanos(99.9)),
                            Table.micros(compile.maxNanos()), "us")
                    .render("  "));
            out.append(String.format(java.util.Locale.ROOT,
                    "  throughput: %s evaluations/s on one thread (untimed loop of %s)%n",
                    Table.count(Math.round(evaluationsPerSecond)), Table.count(config.evaluations())));
            out.append(String.format(java.util.Locale.ROOT,
                    "  apply-time cost estimate: %s units (budget %s, per-call limit %s)%n",
                    Table.count(estimatedCost), Table.count(costBudget), Table.count(perCallCostLimit)));
            out.append(String.format(java.util.Locale.ROOT,
                    "  warm-up %s evaluations, %s compiles; nanoTime overhead ~%d ns/pair (included);"
                            + " timeouts (over the 10 ms bound): %d; GC during timed loop: %d collections, %d ms%n",
                    Table.count(config.warmup()), Table.count(config.compileWarmup()), timerOverheadNanos,
                    timeouts, gcCount, gcMillis));
            out.append("  loadavg before/after: ").append(loadBefore).append(" / ").append(loadAfter)
                    .append("; ").append(cpu).append('\n');
            return out.toString();
        }
    }

    private CelBenchmark() {
    }

    static Result run(Config config, java.io.PrintStream progress) throws RuleRejected {
        String loadBefore = Machine.loadAverage();
        Machine.CpuSample cpuStart = Machine.CpuSample.now();
        RuleCompiler compiler = new RuleCompiler();
        CompiledRule rule = compiler.compile(RULE, FIELDS);

        progress.println("... CEL: warming up with " + Table.count(config.warmup()) + " evaluations");
        int sink = 0;
        for (int i = 0; i < config.warmup(); i++) {
            sink += check(i, compiler.evaluate(rule, recordFor(i), BOUND));
        }

        long timer = timerOverhead();
        long[] samples = new long[config.evaluations()];
        int timeouts = 0;
        System.gc();
        long[] gcBefore = gc();
        progress.println("... CEL: timing " + Table.count(config.evaluations()) + " evaluations one by one");
        for (int i = 0; i < samples.length; i++) {
            Map<String, Object> record = recordFor(i);
            long start = System.nanoTime();
            RuleOutcome outcome = compiler.evaluate(rule, record, BOUND);
            samples[i] = System.nanoTime() - start;
            int checked = check(i, outcome);
            if (checked < 0) {
                timeouts++;
            }
            sink += checked;
        }
        long[] gcAfter = gc();
        Percentiles evaluate = new Percentiles(samples, samples.length);
        long[] even = new long[(samples.length + 1) / 2];
        long[] odd = new long[samples.length / 2];
        for (int i = 0; i < samples.length; i++) {
            if ((i & 1) == 0) {
                even[i >>> 1] = samples[i];
            } else {
                odd[i >>> 1] = samples[i];
            }
        }
        Percentiles passing = new Percentiles(even, even.length);
        Percentiles failing = odd.length == 0 ? passing : new Percentiles(odd, odd.length);

        progress.println("... CEL: throughput loop of " + Table.count(config.evaluations()) + " evaluations");
        long started = System.nanoTime();
        for (int i = 0; i < config.evaluations(); i++) {
            sink += check(i, compiler.evaluate(rule, recordFor(i), BOUND));
        }
        double perSecond = config.evaluations() / ((System.nanoTime() - started) / 1e9);

        progress.println("... CEL: compiling the rule " + Table.count(config.compileWarmup() + config.compiles())
                + " times");
        for (int i = 0; i < config.compileWarmup(); i++) {
            sink += (int) compiler.compile(RULE, FIELDS).estimatedCost();
        }
        long[] compileSamples = new long[config.compiles()];
        for (int i = 0; i < compileSamples.length; i++) {
            long start = System.nanoTime();
            CompiledRule compiled = compiler.compile(RULE, FIELDS);
            compileSamples[i] = System.nanoTime() - start;
            sink += (int) compiled.estimatedCost();
        }
        if (sink == 42) {
            progress.println(); // keeps the JIT from discarding the work; practically never true
        }
        return new Result(config, evaluate, passing, failing, timer, perSecond, timeouts, gcAfter[0] - gcBefore[0],
                gcAfter[1] - gcBefore[1], new Percentiles(compileSamples, compileSamples.length),
                compiler.estimateCost(rule), compiler.limits().costBudget(), compiler.limits().perCallCostLimit(),
                loadBefore, Machine.loadAverage(), Machine.CpuSample.now().since(cpuStart));
    }

    /** Even indexes get a passing record, odd ones a failing record, cycling through the variants. */
    private static Map<String, Object> recordFor(int i) {
        List<Map<String, Object>> pool = (i & 1) == 0 ? PASSING : FAILING;
        return pool.get((i >>> 1) % pool.size());
    }

    /** 1 for the expected outcome, -1 for a timeout (counted, not fatal); anything else is a bug. */
    private static int check(int i, RuleOutcome outcome) {
        RuleOutcome.Status expected = (i & 1) == 0 ? RuleOutcome.Status.PASSED : RuleOutcome.Status.FAILED;
        if (outcome.status() == expected) {
            return 1;
        }
        if (outcome.status() == RuleOutcome.Status.TIMEOUT) {
            return -1;
        }
        throw new IllegalStateException("evaluation " + i + ": expected " + expected + " but got " + outcome);
    }

    /** The median cost of one back-to-back pair of nanoTime calls. */
    private static long timerOverhead() {
        long[] pairs = new long[100_000];
        for (int i = 0; i < pairs.length; i++) {
            long a = System.nanoTime();
            pairs[i] = System.nanoTime() - a;
        }
        return new Percentiles(pairs, pairs.length).nanos(50);
    }

    private static long[] gc() {
        long count = 0;
        long millis = 0;
        for (GarbageCollectorMXBean bean : ManagementFactory.getGarbageCollectorMXBeans()) {
            count += Math.max(0, bean.getCollectionCount());
            millis += Math.max(0, bean.getCollectionTime());
        }
        return new long[] {count, millis};
    }

    private static Map<String, Object> record(String po, String amount, String currency, String notes,
            String card) {
        Map<String, Object> r = new java.util.HashMap<>();
        r.put("po_number", po);
        r.put("amount", new BigDecimal(amount));
        r.put("currency", currency);
        if (notes != null) {
            r.put("notes", notes);
        }
        if (card != null) {
            r.put("credit_card", card);
        }
        return Map.copyOf(r);
    }
}
