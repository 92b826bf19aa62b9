package sh.velocity.schema.domain.rules;

import java.time.Duration;
import java.util.Objects;

/**
 * Every bound the rule engine enforces, in one place, so that apply time and write time agree on
 * them and a test (or an operator) can change one without touching the engine.
 *
 * <p>cel-java 0.14.0 has no cost limit and no timeout of its own (DESIGN.md), so these numbers are
 * the whole defence against a rule that stalls writes. The invariant they protect: a rule that is
 * admitted has a worst-case cost under {@link #costBudget}, no single uninterruptible builtin call
 * in it costs more than {@link #perCallCostLimit}, and at write time it runs at most
 * {@link #costBudget} evaluation steps, {@link #maxComprehensionIterations} loop iterations and
 * {@link #maxExecutionCeiling} of wall time, whatever the record holds.
 *
 * <h2>Cost units and how the defaults were chosen</h2>
 * One cost unit is one evaluated CEL expression node: 65–90 ns in the development container
 * (cel-java 0.14.0, JDK 17, 2 shared cores) when the machine is quiet — a 1,000 × 1,000 nested
 * {@code all} made 8 M listener callbacks in 510–700 ms — and up to ≈ 250 ns when other builds
 * compete for the cores (the 300 × 300 nested rule in the tests, 821,734 units, ran 52–217 ms
 * unbounded). Builtins that work on text are priced so one unit stays about that long, with
 * margin (see {@link RuleCostEstimator}): 50
 * characters of a linear string operation (size, +, ==, startsWith; measured ≈ 1 ns per character),
 * 50 character comparisons of {@code contains} (measured 0.9 ns each for the naive O(n·m) search),
 * and 10 character × regex-instruction steps of {@code matches} (RE2J's NFA measured up to 5 ns per
 * character per program instruction).
 * <ul>
 *   <li>{@link #costBudget} = {@value #DEFAULT_COST_BUDGET} units ≈ 65–250 ms of worst-case work, the
 *       same order as the Kubernetes per-call limit (10<sup>6</sup>). It is deliberately above the
 *       default 10 ms bound: the estimate prices unbounded inputs at their maximum, so most rules
 *       near the budget finish far faster on real records, and the write-time bound stops the rest.
 *       What the budget refuses is rules whose worst case is seconds to hours (nested loops over
 *       large literals, {@code contains} between two 100 000-character fields), before any record
 *       is written. It is also the write-time step budget.</li>
 *   <li>{@link #perCallCostLimit} = {@value #DEFAULT_PER_CALL_COST_LIMIT} units ≈ 5 ms quiet: one builtin
 *       call (a regex over a long text, {@code contains}) runs to its end without giving the
 *       deadline a chance to fire, so it must fit well inside the default 10 ms bound for a rule
 *       that computes to stop within about 2 × maxExecutionMs. A short regex such as {@code ^[A-Za-z ]*$} over a
 *       100 000-character text field (≈ 2.3 ms measured, ≈ 62 000 units) is allowed.</li>
 *   <li>{@link #maxComprehensionIterations} = {@value #DEFAULT_MAX_COMPREHENSION_ITERATIONS}: total loop
 *       iterations per evaluation, a hard cap that does not depend on the clock (an iteration costs
 *       at least 5 units, so the budget alone would allow 200 000).</li>
 *   <li>{@link #maxRegexProgramSize} = {@value #DEFAULT_MAX_REGEX_PROGRAM_SIZE} RE2J instructions:
 *       counted repetitions ({@code a{1000}}) make programs far larger than their text; checked at
 *       apply time for literal patterns and by cel-java at run time for computed ones.</li>
 *   <li>{@link #maxRuleLength} = {@value #DEFAULT_MAX_RULE_LENGTH} characters and
 *       {@link #maxParseDepth} = {@value #DEFAULT_MAX_PARSE_DEPTH} levels: bound the parser, the type
 *       checker, the estimator and the interpreter, all of which recurse over the expression.</li>
 *   <li>{@link #maxExecutionCeiling} = 1000 ms: the largest {@code maxExecutionMs} a manifest may ask
 *       for; longer requests are clamped.</li>
 * </ul>
 *
 * @param costBudget                 the largest admitted worst-case cost, and the write-time step budget
 * @param perCallCostLimit           the largest admitted cost of one builtin call
 * @param maxRuleLength              the longest admitted rule text, in characters
 * @param maxParseDepth              the deepest admitted expression nesting (CEL parser recursion depth)
 * @param maxComprehensionIterations total comprehension iterations allowed in one evaluation
 * @param maxRegexProgramSize        the largest RE2J program a {@code matches} pattern may compile to
 * @param maxExecutionCeiling        the upper limit of a rule's execution bound
 */
public record RuleLimits(
        long costBudget,
        long perCallCostLimit,
        int maxRuleLength,
        int maxParseDepth,
        int maxComprehensionIterations,
        int maxRegexProgramSize,
        Duration maxExecutionCeiling) {

    /** Default worst-case cost budget per rule, in cost units. */
    public static final long DEFAULT_COST_BUDGET = 1_000_000L;
    /** Default limit on the cost of one uninterruptible builtin call, in cost units. */
    public static final long DEFAULT_PER_CALL_COST_LIMIT = 100_000L;
    /** Default longest rule text (CONTRACT.md / ValidationRule admission: 4096). */
    public static final int DEFAULT_MAX_RULE_LENGTH = 4096;
    /** Default deepest expression nesting. */
    public static final int DEFAULT_MAX_PARSE_DEPTH = 48;
    /** Default total comprehension iterations per evaluation. */
    public static final int DEFAULT_MAX_COMPREHENSION_ITERATIONS = 100_000;
    /** Default largest regex program. */
    public static final int DEFAULT_MAX_REGEX_PROGRAM_SIZE = 1_000;
    /** Default upper limit of maxExecutionMs. */
    public static final Duration DEFAULT_MAX_EXECUTION_CEILING = Duration.ofMillis(1_000);
    /** The execution bound used when a rule declares none (CONTRACT.md §1: default 10). */
    public static final Duration DEFAULT_MAX_EXECUTION = Duration.ofMillis(10);

    /** The defaults above. */
    public static final RuleLimits DEFAULTS = new RuleLimits(DEFAULT_COST_BUDGET, DEFAULT_PER_CALL_COST_LIMIT,
            DEFAULT_MAX_RULE_LENGTH, DEFAULT_MAX_PARSE_DEPTH, DEFAULT_MAX_COMPREHENSION_ITERATIONS,
            DEFAULT_MAX_REGEX_PROGRAM_SIZE, DEFAULT_MAX_EXECUTION_CEILING);

    public RuleLimits {
        Objects.requireNonNull(maxExecutionCeiling, "maxExecutionCeiling");
        if (costBudget < 1 || perCallCostLimit < 1 || maxRuleLength < 1 || maxParseDepth < 1
                || maxComprehensionIterations < 1 || maxRegexProgramSize < 1
                || maxExecutionCeiling.isNegative() || maxExecutionCeiling.isZero()) {
            throw new IllegalArgumentException("every rule limit must be positive");
        }
    }

    /** These limits with another cost budget (and write-time step budget). */
    public RuleLimits withCostBudget(long budget) {
        return new RuleLimits(budget, perCallCostLimit, maxRuleLength, maxParseDepth, maxComprehensionIterations,
                maxRegexProgramSize, maxExecutionCeiling);
    }

    /** These limits with another per-call cost limit. */
    public RuleLimits withPerCallCostLimit(long limit) {
        return new RuleLimits(costBudget, limit, maxRuleLength, maxParseDepth, maxComprehensionIterations,
                maxRegexProgramSize, maxExecutionCeiling);
    }

    /** These limits with another comprehension iteration cap. */
    public RuleLimits withMaxComprehensionIterations(int iterations) {
        return new RuleLimits(costBudget, perCallCostLimit, maxRuleLength, maxParseDepth, iterations,
                maxRegexProgramSize, maxExecutionCeiling);
    }

    /** These limits with another execution-bound ceiling. */
    public RuleLimits withMaxExecutionCeiling(Duration ceiling) {
        return new RuleLimits(costBudget, perCallCostLimit, maxRuleLength, maxParseDepth, maxComprehensionIterations,
                maxRegexProgramSize, ceiling);
    }
}
