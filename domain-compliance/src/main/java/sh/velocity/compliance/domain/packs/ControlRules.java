package sh.velocity.compliance.domain.packs;

import com.google.common.collect.ImmutableCollection;
import com.google.common.collect.ImmutableList;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelIssue;
import dev.cel.common.CelOptions;
import dev.cel.common.CelValidationException;
import dev.cel.common.CelValidationResult;
import dev.cel.common.ast.CelExpr;
import dev.cel.common.types.CelKind;
import dev.cel.common.types.CelType;
import dev.cel.common.types.CelTypeProvider;
import dev.cel.common.types.StructType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelEvaluationListener;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Compiles and runs the CEL of pack controls, with the same kind of bounds as schema validation
 * rules (cel-java has no cost limit or timeout of its own): at most {@value #MAX_RULE_CHARS}
 * characters and {@value #MAX_PARSE_DEPTH} levels of nesting when parsing, at most
 * {@value #MAX_ITERATIONS} comprehension iterations and a regex program of at most
 * {@value #MAX_REGEX_PROGRAM} instructions per evaluation, and a step budget of
 * {@value #STEP_BUDGET} expression nodes plus a {@link #DEADLINE} deadline checked after every node
 * by an evaluation listener, which unwinds the interpreter with an {@link Error} (cel-java turns
 * exceptions inside {@code &&}, {@code ||} and comprehensions into error values that could be
 * absorbed). A rule that does not parse, does not type-check against {@link PolicyInput} or does not
 * return bool is refused when the pack is applied; an evaluation that errs or runs out of its bound
 * fails the control (fail closed). Immutable and thread-safe.
 */
public final class ControlRules {

    public static final int MAX_RULE_CHARS = 4096;
    public static final int MAX_PARSE_DEPTH = 48;
    public static final int MAX_ITERATIONS = 100_000;
    public static final int MAX_REGEX_PROGRAM = 1_000;
    public static final long STEP_BUDGET = 1_000_000;
    public static final Duration DEADLINE = Duration.ofMillis(250);
    private static final int MAX_MESSAGE = 300;

    private final CelOptions options = CelOptions.current()
            .maxExpressionCodePointSize(MAX_RULE_CHARS)
            .maxParseRecursionDepth(MAX_PARSE_DEPTH)
            .comprehensionMaxIterations(MAX_ITERATIONS)
            .maxRegexProgramSize(MAX_REGEX_PROGRAM)
            .enableHeterogeneousNumericComparisons(true)
            .build();
    private final CelCompiler schemaScope = compiler(false);
    private final CelCompiler fieldScope = compiler(true);
    private final CelRuntime runtime = CelRuntimeFactory.standardCelRuntimeBuilder().setOptions(options).build();
    private final Duration deadline;

    public ControlRules() {
        this(DEADLINE);
    }

    /** With another deadline (tests). */
    public ControlRules(Duration deadline) {
        this.deadline = deadline;
    }

    /** A rule that compiled: its text and its program. */
    public record Compiled(String text, CelRuntime.Program program) {
    }

    /** Why a rule is refused: {@code CEL syntax error: …} or {@code CEL type error: …}. */
    public static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;

        Refused(String message) {
            super(message, null, false, false);
        }
    }

    /** The outcome of one evaluation: the bool, or why there is none. */
    public record Outcome(Boolean value, String error) {
        public boolean isTrue() {
            return Boolean.TRUE.equals(value);
        }
    }

    /** Parses and type-checks {@code text}; {@code field} is in scope for field-scoped controls. */
    public Compiled compile(String text, ControlScope scope) throws Refused {
        if (text == null || text.isBlank()) {
            throw new Refused("CEL syntax error: the expression is empty");
        }
        if (text.length() > MAX_RULE_CHARS) {
            throw new Refused("CEL expression is " + text.length() + " characters long, above the limit of "
                    + MAX_RULE_CHARS);
        }
        CelCompiler compiler = scope == ControlScope.FIELD ? fieldScope : schemaScope;
        CelAbstractSyntaxTree parsed;
        try {
            CelValidationResult result = compiler.parse(text);
            if (result.hasError()) {
                throw new Refused("CEL syntax error: " + issues(result.getErrors()));
            }
            parsed = result.getAst();
        } catch (CelValidationException e) {
            throw new Refused("CEL syntax error: " + issues(e.getErrors()));
        } catch (RuntimeException | StackOverflowError e) {
            throw new Refused("CEL syntax error: " + clip(String.valueOf(e.getMessage())));
        }
        CelAbstractSyntaxTree checked;
        try {
            CelValidationResult result = compiler.check(parsed);
            if (result.hasError()) {
                throw new Refused("CEL type error: " + issues(result.getErrors()) + hint(scope, result));
            }
            checked = result.getAst();
        } catch (CelValidationException e) {
            throw new Refused("CEL type error: " + issues(e.getErrors()));
        } catch (RuntimeException | StackOverflowError e) {
            throw new Refused("CEL type error: " + clip(String.valueOf(e.getMessage())));
        }
        if (checked.getResultType().kind() != CelKind.BOOL) {
            throw new Refused("CEL type error: the expression must evaluate to bool, but it evaluates to "
                    + checked.getResultType().name());
        }
        try {
            return new Compiled(text, runtime.createProgram(checked));
        } catch (CelEvaluationException | RuntimeException e) {
            throw new Refused("CEL type error: " + clip(String.valueOf(e.getMessage())));
        }
    }

    /** Runs a compiled rule over the input under the bound; never throws. */
    public Outcome evaluate(Compiled rule, Map<String, ?> input) {
        Guard guard = new Guard(System.nanoTime(), deadline.toNanos());
        try {
            Object result = rule.program().trace(input, guard);
            if (guard.reason != null) {
                return new Outcome(null, guard.reason);
            }
            return result instanceof Boolean b ? new Outcome(b, null)
                    : new Outcome(null, "the rule did not return a bool");
        } catch (Guard.Stop e) {
            return new Outcome(null, guard.reason);
        } catch (CelEvaluationException e) {
            return new Outcome(null, guard.reason != null ? guard.reason : "CEL evaluation error: "
                    + clip(String.valueOf(e.getMessage())));
        } catch (RuntimeException | StackOverflowError e) {
            return new Outcome(null, guard.reason != null ? guard.reason : "CEL evaluation error: "
                    + e.getClass().getSimpleName());
        }
    }

    /** Deadline and step budget, checked after every expression node. */
    private static final class Guard implements CelEvaluationListener {

        static final class Stop extends Error {
            private static final long serialVersionUID = 1L;

            Stop() {
                super("CEL execution bound exceeded", null, false, false);
            }
        }

        private final long start;
        private final long bound;
        private long steps;
        private String reason;

        Guard(long start, long bound) {
            this.start = start;
            this.bound = bound;
        }

        @Override
        public void callback(CelExpr expr, Object value) {
            if (reason != null) {
                throw new Stop();
            }
            if (++steps > STEP_BUDGET) {
                reason = "CEL execution timeout: the rule exceeded its step budget of " + STEP_BUDGET;
                throw new Stop();
            }
            if (System.nanoTime() - start > bound) {
                reason = "CEL execution timeout: the rule did not finish within " + bound / 1_000_000 + " ms";
                throw new Stop();
            }
        }
    }

    private CelCompiler compiler(boolean withField) {
        List<StructType> types = PolicyInput.types();
        CelTypeProvider provider = new CelTypeProvider() {
            @Override
            public ImmutableCollection<CelType> types() {
                return ImmutableList.copyOf(types);
            }

            @Override
            public Optional<CelType> findType(String name) {
                return types.stream().filter(t -> t.name().equals(name)).map(t -> (CelType) t).findFirst();
            }
        };
        var builder = CelCompilerFactory.standardCelCompilerBuilder()
                .setOptions(options)
                .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
                .setTypeProvider(provider)
                .addVar(PolicyInput.SCHEMA, PolicyInput.SCHEMA_STRUCT)
                .addVar(PolicyInput.PLATFORM, PolicyInput.PLATFORM_STRUCT);
        if (withField) {
            builder.addVar(PolicyInput.FIELD, PolicyInput.FIELD_STRUCT);
        }
        return builder.build();
    }

    private static String hint(ControlScope scope, CelValidationResult result) {
        String text = issues(result.getErrors());
        if (scope == ControlScope.SCHEMA && text.contains("undeclared reference to 'field'")) {
            return " ('field' exists only in controls with scope: field)";
        }
        return "";
    }

    private static String issues(List<CelIssue> issues) {
        String text = issues.stream().map(i -> {
            var at = i.getSourceLocation();
            return (at != null && at.getLine() > 0 ? at.getLine() + ":" + (at.getColumn() + 1) + ": " : "")
                    + i.getMessage();
        }).collect(Collectors.joining("; "));
        return clip(text.isEmpty() ? "the expression is invalid" : text);
    }

    private static String clip(String s) {
        return s.length() <= MAX_MESSAGE ? s : s.substring(0, MAX_MESSAGE - 3) + "...";
    }
}
