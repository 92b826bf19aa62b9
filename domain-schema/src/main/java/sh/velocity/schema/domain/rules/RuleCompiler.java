package sh.velocity.schema.domain.rules;

import com.google.common.collect.ImmutableCollection;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelErrorCode;
import dev.cel.common.CelIssue;
import dev.cel.common.CelOptions;
import dev.cel.common.CelSourceLocation;
import dev.cel.common.CelValidationException;
import dev.cel.common.CelValidationResult;
import dev.cel.common.ast.CelExpr;
import dev.cel.common.types.CelKind;
import dev.cel.common.types.CelType;
import dev.cel.common.types.CelTypeProvider;
import dev.cel.common.types.SimpleType;
import dev.cel.common.types.StructType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.stream.Collectors;

/**
 * Compiles, prices and runs the CEL validation rules of a SchemaDefinition
 * ({@code spec.validation.rules}, CONTRACT.md §1).
 *
 * <p>It exists to put both layers of the CEL bound (DESIGN.md, "Decisions already made") behind
 * one object, since cel-java 0.14.0 has neither a cost limit nor a timeout:
 * <ul>
 *   <li><b>apply time</b> — {@link #compile} parses the rule (at most
 *       {@link RuleLimits#maxRuleLength()} characters and {@link RuleLimits#maxParseDepth()} levels),
 *       type-checks it against the declared fields and prices its worst case with
 *       {@link #estimateCost}; a rule that does not parse, does not type-check, does not return
 *       bool or costs more than the budget is refused with a {@link RuleRejected} whose message a
 *       person can act on;</li>
 *   <li><b>write time</b> — {@link #evaluate} runs a compiled rule on one record under a hard bound
 *       (deadline + step budget checked from the evaluation listener, comprehension iteration and
 *       regex program limits in {@link CelOptions}) and always returns a {@link RuleOutcome}, never
 *       throws.</li>
 * </ul>
 *
 * <h2>How {@code self} is typed</h2>
 * The record is exposed as the variable {@code self} of a struct type named
 * {@value #RECORD_TYPE} whose fields are exactly the declared fields, provided through a
 * {@link CelTypeProvider} (no protobuf descriptor needed). The type checker therefore rejects a
 * reference to an undeclared field ({@code undefined field 'nope'}) and a comparison of wrong
 * types, and at run time cel-java selects the fields of that struct from a plain {@code Map}.
 * Field types map to CEL types as: string, text, uuid → {@code string}; integer → {@code int};
 * decimal → {@code double}; boolean → {@code bool}; date and timestamp → {@code timestamp} (a date
 * is midnight UTC), so {@code self.due < timestamp('2030-01-01T00:00:00Z')} and the timestamp
 * accessors work and two dates compare as instants, not as text. Heterogeneous numeric comparison
 * is enabled, so {@code self.amount > 0} type-checks with a decimal {@code amount}; CEL equality
 * stays homogeneous ({@code self.amount == 0.0}, not {@code == 0}).
 *
 * <p>Instances are immutable and thread-safe; build one per set of limits and share it.
 */
public final class RuleCompiler {

    private static final java.util.logging.Logger LOG =
            java.util.logging.Logger.getLogger(RuleCompiler.class.getName());

    /** The name under which a rule sees the record. */
    public static final String SELF = "self";

    /** The CEL type name of {@code self}. */
    public static final String RECORD_TYPE = "velocity.Record";

    private static final int MAX_MESSAGE_LENGTH = 300;

    /**
     * Ten times the slowest a unit of the cost estimate was measured at (about 250 ns with other
     * builds on the cores, {@link RuleLimits}): a rule whose whole worst case, priced at this, is
     * under its bound cannot have computed for the bound, whatever its thread's CPU time says.
     */
    static final long NANOS_PER_UNIT_CEILING = 2_500;
    private static final java.util.regex.Pattern MISSING_KEY =
            java.util.regex.Pattern.compile("key '([^']{1,128})' is not present in map");
    private static final java.util.regex.Pattern EVAL_PREFIX =
            java.util.regex.Pattern.compile("^evaluation error(?: at [^:]*:\\d+)?: ");

    private final RuleLimits limits;
    private final CelOptions options;
    private final CelRuntime runtime;
    private final LongSupplier startClock;

    /** A compiler with {@link RuleLimits#DEFAULTS}. */
    public RuleCompiler() {
        this(RuleLimits.DEFAULTS);
    }

    /** A compiler with the given limits (tests raise the cost budget to reach the write-time bound). */
    public RuleCompiler(RuleLimits limits) {
        this(limits, System::nanoTime);
    }

    /**
     * A compiler whose evaluations take their start time from {@code startClock}; the guard still
     * reads {@link System#nanoTime()}, so a clock that runs behind makes an evaluation look as if
     * it had waited (tests of the confirming evaluation).
     */
    RuleCompiler(RuleLimits limits, LongSupplier startClock) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.startClock = Objects.requireNonNull(startClock, "startClock");
        this.options = CelOptions.current()
                .maxExpressionCodePointSize(limits.maxRuleLength())
                .maxParseRecursionDepth(limits.maxParseDepth())
                .comprehensionMaxIterations(limits.maxComprehensionIterations())
                .maxRegexProgramSize(limits.maxRegexProgramSize())
                .enableHeterogeneousNumericComparisons(true)
                .build();
        this.runtime = CelRuntimeFactory.standardCelRuntimeBuilder().setOptions(options).build();
        WarmUp.once(this);
    }

    /**
     * Loads and links the classes of the compile and evaluation paths (including the error paths)
     * once per JVM. Without it the first evaluation after start-up spends its whole 10 ms bound in
     * class loading and a valid write fails with {@code CEL_TIMEOUT}.
     */
    private static final class WarmUp {
        private static final java.util.concurrent.atomic.AtomicBoolean DONE =
                new java.util.concurrent.atomic.AtomicBoolean();

        static void once(RuleCompiler compiler) {
            if (!DONE.compareAndSet(false, true)) {
                return;
            }
            List<RuleField> fields = List.of(new RuleField("s", "string", 64), new RuleField("n", "integer", null),
                    new RuleField("d", "decimal", null), new RuleField("t", "timestamp", null),
                    new RuleField("b", "boolean", null));
            Map<String, Object> record = Map.of("s", "abc", "n", 3L, "d", 1.5, "t", java.time.Instant.EPOCH,
                    "b", true);
            String[] rules = {
                "self.d > 0 && self.s in ['abc', 'def'] && has(self.n) && self.b",
                "[1, 2, 3].all(x, x > 0) && ['a'].exists(x, self.s.startsWith(x)) && [1].map(x, x).size() == 1",
                "self.s.matches('^[a-z]+$') && self.s.contains('b') && self.s.endsWith('c') && size(self.s) == 3",
                "self.t < timestamp('2030-01-01T00:00:00Z') && self.t.getFullYear() > 0 && string(self.n) == '3'",
                "self.n / (self.n - 3) > 0 || true",
                "self.n * 9223372036854775807 > 0",
                "int(self.s) > 0",
            };
            Duration generous = compiler.limits.maxExecutionCeiling();
            for (String rule : rules) {
                try {
                    CompiledRule compiled = compiler.compile(rule, fields);
                    compiler.evaluate(compiled, record, generous);
                    compiler.evaluate(compiled, Map.of(), generous);
                } catch (RuleRejected | RuntimeException e) {
                    // warming up is best effort; a failure here only means a slower first request
                }
            }
            try {
                compiler.compile("true while true", fields);
            } catch (RuleRejected expected) {
                // the syntax-error path is warmed too
            }
        }
    }

    /** The limits this compiler enforces. */
    public RuleLimits limits() {
        return limits;
    }

    /**
     * Compiles {@code rule} against {@code fields}: parse, type-check with {@code self} typed by the
     * fields, require a bool result, refuse message construction, and price the worst case.
     *
     * @param rule   the rule text from the manifest
     * @param fields the declared fields; on a duplicated name the first declaration counts
     *               (admission reports duplicates separately)
     * @return the compiled rule, ready for {@link #evaluate}
     * @throws RuleRejected with a message starting {@code CEL syntax error:}, {@code CEL type error:}
     *                      or {@code CEL cost estimate}, or naming the length limit
     */
    public CompiledRule compile(String rule, List<RuleField> fields) throws RuleRejected {
        if (rule == null || rule.isBlank()) {
            throw new RuleRejected(rule, "CEL syntax error: the rule is empty");
        }
        if (rule.length() > limits.maxRuleLength()) {
            throw new RuleRejected(rule, "CEL rule is " + rule.length() + " characters long, above the limit of "
                    + limits.maxRuleLength());
        }
        Map<String, RuleField> byName = new LinkedHashMap<>();
        for (RuleField field : fields == null ? List.<RuleField>of() : fields) {
            byName.putIfAbsent(field.name(), field);
        }
        CelCompiler compiler = compilerFor(byName);

        CelAbstractSyntaxTree parsed = parse(compiler, rule);
        CelAbstractSyntaxTree checked = check(compiler, rule, parsed, byName);

        CelType resultType = checked.getResultType();
        if (resultType.kind() != CelKind.BOOL) {
            throw new RuleRejected(rule, "CEL type error: the rule must evaluate to bool, but it evaluates to "
                    + resultType.name());
        }
        refuseMessageConstruction(rule, checked);

        RuleCostEstimator.Estimate estimate =
                RuleCostEstimator.estimate(checked, byName, RECORD_TYPE, limits, rule);
        if (estimate.maxCallCost() > limits.perCallCostLimit()) {
            throw new RuleRejected(rule, "CEL cost estimate " + estimate.maxCallCost() + " of a single call ("
                    + estimate.maxCallDescription() + ") exceeds the per-call limit of "
                    + limits.perCallCostLimit() + " for rule '" + abbreviate(rule) + "'");
        }
        if (estimate.totalCost() > limits.costBudget()) {
            throw new RuleRejected(rule, "CEL cost estimate " + estimate.totalCost() + " exceeds the budget of "
                    + limits.costBudget() + " for rule '" + abbreviate(rule) + "'");
        }

        CelRuntime.Program program;
        try {
            program = runtime.createProgram(checked);
        } catch (CelEvaluationException | RuntimeException e) {
            throw new RuleRejected(rule, "CEL type error: " + truncate(e.getMessage()));
        }
        return new CompiledRule(rule, List.copyOf(byName.values()), byName, checked, program,
                estimate.totalCost());
    }

    /**
     * The worst-case cost of one evaluation of {@code rule}, in cost units (see {@link RuleLimits}),
     * recomputed from its checked AST and the maxLength of its fields.
     */
    public long estimateCost(CompiledRule rule) {
        try {
            return RuleCostEstimator.estimate(rule.ast(), rule.fieldsByName(), RECORD_TYPE, limits, rule.text())
                    .totalCost();
        } catch (RuleRejected e) {
            // compile() already estimated this AST successfully
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /**
     * Runs {@code rule} on {@code record} under a hard bound of {@code maxExecution} (null means the
     * default 10 ms; the value is clamped to 1 ms … {@link RuleLimits#maxExecutionCeiling()}).
     *
     * <p>The bound covers converting the record and evaluating the rule, on the calling thread. The
     * evaluation is stopped at the first expression node finished after the deadline, or after
     * {@link RuleLimits#costBudget()} nodes, or after {@link RuleLimits#maxComprehensionIterations()}
     * loop iterations; between two nodes only one builtin call can run, priced at apply time under
     * {@link RuleLimits#perCallCostLimit()}. No work continues after the call returns.
     *
     * <p>A deadline is a verdict on the rule only when the rule computed for it: an evaluation
     * stopped by the deadline before its thread had used the bound in CPU time (the machine was
     * loaded, the JVM paused), or at the first node, before any of the rule's work (the CPU time went
     * to converting the record and to JVM work on the thread), or of a rule whose whole estimated
     * worst case is far under the bound (the example's rule: 15 units), is run once more under a
     * fresh bound, and the second verdict stands.
     * So a rule that really computes for its bound is refused after one bound of CPU time, a rule
     * slowed by the machine after at most two evaluations, and the call returns within twice the
     * bound plus one builtin call (or twice the wall backstop for a starved thread).
     *
     * @param record field name → value: String (string, text, uuid; or a UUID), Long/Integer
     *               (integer), BigDecimal/Double (decimal), Boolean, Instant/OffsetDateTime/
     *               LocalDate/ISO-8601 text (date, timestamp); null or missing for an absent field
     * @return PASSED, FAILED, TIMEOUT (message contains "CEL execution timeout") or ERROR; never throws
     */
    public RuleOutcome evaluate(CompiledRule rule, Map<String, ?> record, Duration maxExecution) {
        if (rule == null) {
            return RuleOutcome.error("no rule to evaluate");
        }
        Duration bound = effectiveBound(maxExecution);
        ExecutionGuard first = new ExecutionGuard(startClock.getAsLong(), bound.toNanos(), limits.costBudget());
        RuleOutcome outcome = evaluateOnce(rule, record, bound, first);
        if (!confirms(first, rule, bound)) {
            return outcome;
        }
        // The deadline passed before the rule had computed for the bound: the machine or the JVM held
        // the thread, not the rule. Rules are pure, so the same evaluation is run once more under a
        // fresh bound, and that verdict is final (ADR 0019).
        ExecutionGuard confirm = new ExecutionGuard(startClock.getAsLong(), bound.toNanos(), limits.costBudget());
        return evaluateOnce(rule, record, bound, confirm);
    }

    /**
     * Whether a first evaluation's verdict is confirmed by a second one (ADR 0019): a deadline stop
     * before the rule computed for its bound (see {@link ExecutionGuard#trippedWithoutComputingTheBound}),
     * or any deadline stop of a rule too light to compute for it (its estimated worst case at
     * {@value #NANOS_PER_UNIT_CEILING} ns a unit is under the bound), whose CPU time can only have been
     * the JVM's. Step-budget stops never are.
     */
    static boolean confirms(ExecutionGuard first, CompiledRule rule, Duration bound) {
        return first.trippedWithoutComputingTheBound()
                || first.trippedOnDeadline() && rule.estimatedCost() * NANOS_PER_UNIT_CEILING < bound.toNanos();
    }

    private RuleOutcome evaluateOnce(CompiledRule rule, Map<String, ?> record, Duration bound, ExecutionGuard guard) {
        try {
            Map<String, Object> self = RecordValues.toCel(rule.fieldsByName(), record);
            Object result = rule.program().trace(Map.of(SELF, self), guard);
            if (guard.tripped()) {
                return timeout(guard, bound);
            }
            if (result instanceof Boolean passed) {
                return passed ? RuleOutcome.PASSED : RuleOutcome.FAILED;
            }
            return RuleOutcome.error("CEL evaluation error: the rule did not return a bool");
        } catch (ExecutionGuard.BoundExceeded e) {
            return timeout(guard, bound);
        } catch (RecordValues.Invalid e) {
            return RuleOutcome.error(e.getMessage());
        } catch (CelEvaluationException e) {
            if (guard.tripped() || causedByBound(e)) {
                return timeout(guard, bound);
            }
            if (e.getErrorCode() == CelErrorCode.ITERATION_BUDGET_EXCEEDED) {
                return RuleOutcome.timeout("the rule exceeded the limit of "
                        + limits.maxComprehensionIterations() + " comprehension iterations");
            }
            return RuleOutcome.error("CEL evaluation error: " + describe(e));
        } catch (RuntimeException | StackOverflowError e) {
            if (guard.tripped()) {
                return timeout(guard, bound);
            }
            return RuleOutcome.error("CEL evaluation error: " + e.getClass().getSimpleName());
        }
    }

    private Duration effectiveBound(Duration requested) {
        if (requested == null) {
            return RuleLimits.DEFAULT_MAX_EXECUTION;
        }
        if (requested.compareTo(Duration.ofMillis(1)) < 0) {
            return Duration.ofMillis(1);
        }
        return requested.compareTo(limits.maxExecutionCeiling()) > 0 ? limits.maxExecutionCeiling() : requested;
    }

    private static RuleOutcome timeout(ExecutionGuard guard, Duration bound) {
        LOG.info(() -> "CEL rule stopped: " + guard.trace());
        String reason = guard.reason();
        if (reason == null || reason.equals("deadline")) {
            return RuleOutcome.timeout("the rule did not finish within " + bound.toMillis() + " ms");
        }
        return RuleOutcome.timeout(reason);
    }

    private static boolean causedByBound(Throwable t) {
        for (int depth = 0; t != null && depth < 16; depth++, t = t.getCause()) {
            if (t instanceof ExecutionGuard.BoundExceeded) {
                return true;
            }
        }
        return false;
    }

    private static String describe(CelEvaluationException e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        Matcher missing = MISSING_KEY.matcher(message);
        if (missing.find()) {
            return "field '" + missing.group(1) + "' has no value";
        }
        return truncate(EVAL_PREFIX.matcher(message).replaceFirst(""));
    }

    private CelCompiler compilerFor(Map<String, RuleField> fields) {
        Map<String, CelType> types = new LinkedHashMap<>();
        fields.values().forEach(f -> types.put(f.name(), celType(f)));
        StructType record = StructType.create(RECORD_TYPE, ImmutableSet.copyOf(types.keySet()),
                name -> Optional.ofNullable(types.get(name)));
        CelTypeProvider provider = new CelTypeProvider() {
            @Override
            public ImmutableCollection<CelType> types() {
                return ImmutableList.of(record);
            }

            @Override
            public Optional<CelType> findType(String typeName) {
                return RECORD_TYPE.equals(typeName) ? Optional.of(record) : Optional.empty();
            }
        };
        return CelCompilerFactory.standardCelCompilerBuilder()
                .setOptions(options)
                .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
                .setTypeProvider(provider)
                .addVar(SELF, record)
                .build();
    }

    /** The CEL type a field has under {@code self}. */
    static CelType celType(RuleField field) {
        return switch (field.type()) {
            case "string", "text", "uuid" -> SimpleType.STRING;
            case "integer" -> SimpleType.INT;
            case "decimal" -> SimpleType.DOUBLE;
            case "boolean" -> SimpleType.BOOL;
            case "date", "timestamp" -> SimpleType.TIMESTAMP;
            default -> throw new IllegalArgumentException("unknown field type " + field.type());
        };
    }

    private static CelAbstractSyntaxTree parse(CelCompiler compiler, String rule) throws RuleRejected {
        CelValidationResult parsed;
        try {
            parsed = compiler.parse(rule);
        } catch (RuntimeException | StackOverflowError e) {
            throw new RuleRejected(rule, "CEL syntax error: " + truncate(String.valueOf(e.getMessage())));
        }
        if (parsed.hasError()) {
            throw new RuleRejected(rule, "CEL syntax error: " + issues(parsed.getErrors()));
        }
        try {
            return parsed.getAst();
        } catch (CelValidationException e) {
            throw new RuleRejected(rule, "CEL syntax error: " + issues(e.getErrors()));
        }
    }

    private static CelAbstractSyntaxTree check(CelCompiler compiler, String rule, CelAbstractSyntaxTree parsed,
            Map<String, RuleField> fields) throws RuleRejected {
        CelValidationResult checked;
        try {
            checked = compiler.check(parsed);
        } catch (RuntimeException | StackOverflowError e) {
            throw new RuleRejected(rule, "CEL type error: " + truncate(String.valueOf(e.getMessage())));
        }
        List<CelIssue> errors = checked.hasError() ? checked.getErrors() : List.of();
        if (errors.isEmpty()) {
            try {
                return checked.getAst();
            } catch (CelValidationException e) {
                errors = e.getErrors();
            }
        }
        String message = "CEL type error: " + issues(errors);
        if (message.contains("undefined field")) {
            message += " (declared fields: "
                    + (fields.isEmpty() ? "none" : String.join(", ", fields.keySet())) + ")";
        }
        throw new RuleRejected(rule, truncate(message));
    }

    /** Struct literals would name {@value #RECORD_TYPE}, which has no runtime message type. */
    private static void refuseMessageConstruction(String rule, CelAbstractSyntaxTree ast) throws RuleRejected {
        Deque<CelExpr> pending = new ArrayDeque<>();
        pending.push(ast.getExpr());
        while (!pending.isEmpty()) {
            CelExpr e = pending.pop();
            switch (e.getKind()) {
                case STRUCT -> throw new RuleRejected(rule, "CEL type error: creating a message ("
                        + e.struct().messageName() + "{…}) is not supported in validation rules");
                case SELECT -> pending.push(e.select().operand());
                case CALL -> {
                    e.call().target().ifPresent(pending::push);
                    e.call().args().forEach(pending::push);
                }
                case LIST -> e.list().elements().forEach(pending::push);
                case MAP -> e.map().entries().forEach(entry -> {
                    pending.push(entry.key());
                    pending.push(entry.value());
                });
                case COMPREHENSION -> {
                    CelExpr.CelComprehension c = e.comprehension();
                    pending.push(c.iterRange());
                    pending.push(c.accuInit());
                    pending.push(c.loopCondition());
                    pending.push(c.loopStep());
                    pending.push(c.result());
                }
                default -> {
                    // constants and identifiers have no children
                }
            }
        }
    }

    /** {@code line:column: message} for each issue (column 1-based, as cel-java displays it). */
    private static String issues(List<CelIssue> issues) {
        List<String> parts = new ArrayList<>();
        for (CelIssue issue : issues) {
            CelSourceLocation location = issue.getSourceLocation();
            String where = location != null && location.getLine() > 0
                    ? location.getLine() + ":" + (location.getColumn() + 1) + ": " : "";
            parts.add(where + issue.getMessage());
        }
        return truncate(parts.isEmpty() ? "the rule is invalid" : parts.stream().collect(Collectors.joining("; ")));
    }

    private static String abbreviate(String rule) {
        return rule.length() <= 120 ? rule : rule.substring(0, 117) + "...";
    }

    private static String truncate(String message) {
        if (message == null) {
            return "";
        }
        return message.length() <= MAX_MESSAGE_LENGTH ? message : message.substring(0, MAX_MESSAGE_LENGTH - 3) + "...";
    }
}
