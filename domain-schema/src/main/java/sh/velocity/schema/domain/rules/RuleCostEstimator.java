package sh.velocity.schema.domain.rules;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.ast.CelConstant;
import dev.cel.common.ast.CelExpr;
import dev.cel.common.types.CelKind;
import dev.cel.common.types.CelType;
import dev.cel.common.types.ListType;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * The apply-time worst-case cost of a checked rule, computed from the shape of its expression and
 * the declared {@code maxLength} of the fields it reads — the Kubernetes CRD approach: every input
 * is priced at the largest value it may legally hold.
 *
 * <p>It exists because cel-java 0.14.0 has no cost estimator of its own. The invariant it protects
 * is that the number it returns is an upper bound (in {@link RuleLimits cost units}) on the work a
 * rule can do on any admissible record, so a rule under the budget cannot be made slow by data;
 * and that no single builtin call, which runs without giving the write-time deadline a chance to
 * fire, costs more than it reports as {@link Estimate#maxCallCost()}.
 *
 * <p>The model, one pass over the checked AST, computing for each node a cost and a
 * {@link Shape} (the worst-case size of its value: characters of a string, elements of a list or
 * map, and the shape of those elements):
 * <ul>
 *   <li>every node costs 1 unit (≈ one evaluation step of the interpreter);</li>
 *   <li>{@code self.f} has the shape of field {@code f}: maxLength characters for string/text, 36
 *       for uuid; literals have their own length or element count;</li>
 *   <li>linear text work ({@code size}, {@code +}, {@code ==}, ordering, {@code startsWith},
 *       {@code endsWith}, conversions, key hashing) costs one unit per {@value #CHARS_PER_UNIT}
 *       characters; {@code contains} costs {@code n·m /} {@value #CHARS_PER_UNIT} (the JDK's search
 *       is O(n·m) in the worst case); {@code matches} costs {@code n · programSize /}
 *       {@value #REGEX_STEPS_PER_UNIT} plus the compile, where the RE2J program size of a literal
 *       pattern is computed here and a computed pattern is priced at the program-size limit;</li>
 *   <li>equality and {@code in} over lists cost the element comparisons they can make;</li>
 *   <li>a comprehension ({@code all, exists, exists_one, map, filter}) costs its range, its
 *       initialiser and its result once, plus its loop condition and step times the worst-case size
 *       of its range, so nested comprehensions multiply; accumulators of {@code map} and
 *       {@code filter} grow by at most one element per iteration;</li>
 *   <li>{@code &&}, {@code ||} and {@code ?:} are priced with all branches taken.</li>
 * </ul>
 * Arithmetic saturates, so a huge estimate never wraps around to a small one.
 */
final class RuleCostEstimator {

    /** Characters of linear text work per cost unit (measured ≈ 1 ns per character). */
    static final long CHARS_PER_UNIT = 50;
    /** Character × regex-instruction steps per cost unit (RE2J measured up to ≈ 5 ns each). */
    static final long REGEX_STEPS_PER_UNIT = 10;
    /** List elements copied or created per cost unit. */
    static final long LIST_ELEMENTS_PER_UNIT = 10;
    /** The longest text {@code string(x)} of a number, bool, timestamp or duration can produce. */
    static final long SCALAR_TEXT_LENGTH = 64;

    private static final long CAP = Long.MAX_VALUE / 4;

    /** The worst-case size of a value: characters or elements, and the shape of the elements. */
    record Shape(long size, Shape elem) {
        static final Shape SCALAR = new Shape(1, null);

        static Shape text(long length) {
            return new Shape(length, null);
        }

        static Shape max(Shape a, Shape b) {
            if (a == null) {
                return b;
            }
            if (b == null) {
                return a;
            }
            return new Shape(Math.max(a.size, b.size), max(a.elem, b.elem));
        }
    }

    /**
     * The estimate of one rule.
     *
     * @param totalCost          the worst-case cost of one evaluation
     * @param maxCallCost        the worst-case cost of the most expensive single builtin call
     * @param maxCallDescription which call that is, e.g. {@code 'contains' at 1:12}
     */
    record Estimate(long totalCost, long maxCallCost, String maxCallDescription) {
    }

    private record Est(long cost, Shape shape) {
    }

    private record Priced(long extra, Shape shape) {
    }

    private record Binding(String name, Shape shape, boolean accumulator) {
    }

    private final CelAbstractSyntaxTree ast;
    private final Map<String, RuleField> fields;
    private final String recordTypeName;
    private final RuleLimits limits;
    private final String ruleText;
    private final long maxTextLength;
    private final Deque<Binding> scope = new ArrayDeque<>();
    private long maxCallCost;
    private String maxCallDescription = "none";

    private RuleCostEstimator(CelAbstractSyntaxTree ast, Map<String, RuleField> fields, String recordTypeName,
            RuleLimits limits, String ruleText) {
        this.ast = ast;
        this.fields = fields;
        this.recordTypeName = recordTypeName;
        this.limits = limits;
        this.ruleText = ruleText;
        long text = ruleText.length();
        for (RuleField f : fields.values()) {
            text = add(text, f.worstCaseLength());
        }
        this.maxTextLength = text;
    }

    /**
     * Estimates the checked {@code ast}. Throws {@link RuleRejected} only for a literal regular
     * expression that does not compile or whose program is over the size limit: its cost cannot
     * be priced otherwise.
     */
    static Estimate estimate(CelAbstractSyntaxTree ast, Map<String, RuleField> fields, String recordTypeName,
            RuleLimits limits, String ruleText) throws RuleRejected {
        RuleCostEstimator estimator = new RuleCostEstimator(ast, fields, recordTypeName, limits, ruleText);
        Est root = estimator.visit(ast.getExpr());
        return new Estimate(root.cost, estimator.maxCallCost, estimator.maxCallDescription);
    }

    private Est visit(CelExpr e) throws RuleRejected {
        switch (e.getKind()) {
            case CONSTANT:
                return new Est(1, constantShape(e.constant()));
            case IDENT:
                return new Est(1, lookup(e.ident().name(), e));
            case SELECT:
                return visitSelect(e);
            case CALL:
                return visitCall(e);
            case LIST: {
                long cost = 1;
                Shape elem = null;
                List<CelExpr> elements = e.list().elements();
                for (CelExpr element : elements) {
                    Est est = visit(element);
                    cost = add(cost, est.cost);
                    elem = Shape.max(elem, est.shape);
                }
                long creation = perListElements(elements.size());
                call(creation, "list literal", e);
                return new Est(add(cost, creation), new Shape(elements.size(), elem));
            }
            case MAP: {
                long cost = 1;
                Shape elem = null;
                for (CelExpr.CelMap.Entry entry : e.map().entries()) {
                    Est key = visit(entry.key());
                    Est value = visit(entry.value());
                    cost = add(cost, add(add(key.cost, value.cost), compareCost(key.shape)));
                    elem = Shape.max(elem, Shape.max(key.shape, value.shape));
                }
                return new Est(cost, new Shape(e.map().entries().size(), elem));
            }
            case STRUCT: {
                long cost = 1;
                for (CelExpr.CelStruct.Entry entry : e.struct().entries()) {
                    cost = add(cost, visit(entry.value()).cost);
                }
                return new Est(cost, Shape.SCALAR);
            }
            case COMPREHENSION:
                return visitComprehension(e);
            default:
                return new Est(1, Shape.SCALAR);
        }
    }

    private Est visitSelect(CelExpr e) throws RuleRejected {
        CelExpr.CelSelect select = e.select();
        Est operand = visit(select.operand());
        long cost = add(1, operand.cost);
        if (select.testOnly()) {
            return new Est(add(cost, perChars(select.field().length())), Shape.SCALAR);
        }
        CelType operandType = typeOf(select.operand());
        if (operandType.kind() == CelKind.STRUCT && operandType.name().equals(recordTypeName)) {
            RuleField field = fields.get(select.field());
            if (field != null) {
                Shape shape = field.textual() || field.type().equals("uuid")
                        ? Shape.text(field.worstCaseLength()) : Shape.SCALAR;
                return new Est(cost, shape);
            }
        }
        if (operand.shape.elem != null) {
            // a select on a map literal: key lookup, value of the map's element shape
            return new Est(add(cost, perChars(select.field().length())), operand.shape.elem);
        }
        return new Est(cost, fallback(typeOf(e), 0));
    }

    private Est visitCall(CelExpr e) throws RuleRejected {
        CelExpr.CelCall call = e.call();
        List<CelExpr> args = new ArrayList<>();
        call.target().ifPresent(args::add);
        args.addAll(call.args());
        long cost = 1;
        Shape[] shapes = new Shape[args.size()];
        for (int i = 0; i < args.size(); i++) {
            Est est = visit(args.get(i));
            cost = add(cost, est.cost);
            shapes[i] = est.shape;
        }
        Priced priced = price(call.function(), args, shapes, typeOf(e));
        call(priced.extra, call.function(), e);
        return new Est(add(cost, priced.extra), priced.shape);
    }

    private Est visitComprehension(CelExpr e) throws RuleRejected {
        CelExpr.CelComprehension c = e.comprehension();
        Est range = visit(c.iterRange());
        long iterations = range.shape.size;
        Shape elem = range.shape.elem != null ? range.shape.elem : elementFallback(typeOf(c.iterRange()));
        Est init = visit(c.accuInit());
        boolean listAccumulator = typeOf(c.accuInit()).kind() == CelKind.LIST
                || typeOf(e).kind() == CelKind.LIST;
        // map and filter append at most one element per iteration
        Shape accu = listAccumulator ? new Shape(add(init.shape.size, iterations), init.shape.elem) : init.shape;
        scope.push(new Binding(c.accuVar(), accu, true));
        scope.push(new Binding(c.iterVar(), elem, false));
        boolean twoVars = c.iterVar2() != null && !c.iterVar2().isEmpty();
        if (twoVars) {
            scope.push(new Binding(c.iterVar2(), elem, false));
        }
        Est condition = visit(c.loopCondition());
        Est step = visit(c.loopStep());
        if (twoVars) {
            scope.pop();
        }
        scope.pop();
        scope.pop();
        Shape finalAccu = listAccumulator
                ? new Shape(accu.size, Shape.max(accu.elem, step.shape.elem))
                : Shape.max(init.shape, step.shape);
        scope.push(new Binding(c.accuVar(), finalAccu, true));
        Est result = visit(c.result());
        scope.pop();
        long cost = add(1, add(range.cost, add(init.cost, result.cost)));
        cost = add(cost, mul(iterations, add(condition.cost, step.cost)));
        return new Est(cost, result.shape);
    }

    private Priced price(String function, List<CelExpr> args, Shape[] shapes, CelType resultType)
            throws RuleRejected {
        int n = args.size();
        switch (function) {
            case "_+_": {
                if (n != 2) {
                    break;
                }
                CelKind kind = resultType.kind();
                if (kind == CelKind.STRING || kind == CelKind.BYTES) {
                    long length = add(shapes[0].size, shapes[1].size);
                    return new Priced(perChars(length), Shape.text(length));
                }
                if (kind == CelKind.LIST) {
                    long size = add(shapes[0].size, shapes[1].size);
                    Shape elem = Shape.max(shapes[0].elem, shapes[1].elem);
                    // cel-java appends to a comprehension accumulator through a list view: only the
                    // right operand is copied (measured linear for map/filter up to 80 000 elements)
                    long copied = isAccumulator(args.get(0)) ? shapes[1].size : size;
                    return new Priced(perListElements(copied), new Shape(size, elem));
                }
                return new Priced(0, Shape.SCALAR);
            }
            case "_==_", "_!=_", "_<_", "_<=_", "_>_", "_>=_":
                if (n == 2) {
                    return new Priced(compareCost(Shape.max(shapes[0], shapes[1])), Shape.SCALAR);
                }
                break;
            case "@in":
                if (n == 2) {
                    if (typeOf(args.get(1)).kind() == CelKind.MAP) {
                        return new Priced(add(1, compareCost(shapes[0])), Shape.SCALAR);
                    }
                    Shape elem = Shape.max(shapes[0], shapes[1].elem);
                    return new Priced(mul(shapes[1].size, compareCost(elem)), Shape.SCALAR);
                }
                break;
            case "_[_]":
                if (n == 2) {
                    long lookup = typeOf(args.get(0)).kind() == CelKind.MAP ? compareCost(shapes[1]) : 1;
                    Shape elem = shapes[0].elem != null ? shapes[0].elem : fallback(resultType, 0);
                    return new Priced(lookup, elem);
                }
                break;
            case "size":
                if (n == 1) {
                    // CEL counts the code points of a string: linear in its length
                    long work = typeOf(args.get(0)).kind() == CelKind.STRING ? perChars(shapes[0].size) : 1;
                    return new Priced(work, Shape.SCALAR);
                }
                break;
            case "contains":
                if (n == 2) {
                    return new Priced(Math.max(1, ceilDiv(mul(shapes[0].size, shapes[1].size), CHARS_PER_UNIT)),
                            Shape.SCALAR);
                }
                break;
            case "startsWith", "endsWith":
                if (n == 2) {
                    return new Priced(perChars(Math.min(shapes[0].size, shapes[1].size)), Shape.SCALAR);
                }
                break;
            case "matches":
                if (n == 2) {
                    return new Priced(regexCost(shapes[0], args.get(1), shapes[1]), Shape.SCALAR);
                }
                break;
            case "string", "bytes":
                if (n == 1) {
                    CelKind kind = typeOf(args.get(0)).kind();
                    if (kind == CelKind.STRING || kind == CelKind.BYTES) {
                        return new Priced(perChars(shapes[0].size), Shape.text(shapes[0].size));
                    }
                    return new Priced(1, Shape.text(SCALAR_TEXT_LENGTH));
                }
                break;
            case "dyn":
                if (n == 1) {
                    return new Priced(0, shapes[0]);
                }
                break;
            case "_?_:_":
                if (n == 3) {
                    return new Priced(0, Shape.max(shapes[1], shapes[2]));
                }
                break;
            default:
                break;
        }
        // everything else (arithmetic, logic, conversions, timestamp accessors with a time zone):
        // constant work plus a linear pass over any text argument
        long extra = 0;
        for (int i = 0; i < n; i++) {
            CelKind kind = typeOf(args.get(i)).kind();
            if (kind == CelKind.STRING || kind == CelKind.BYTES) {
                extra = add(extra, perChars(shapes[i].size));
            }
        }
        return new Priced(extra, fallback(resultType, 0));
    }

    private long regexCost(Shape subject, CelExpr patternExpr, Shape patternShape) throws RuleRejected {
        long programSize;
        if (patternExpr.getKind() == CelExpr.ExprKind.Kind.CONSTANT
                && patternExpr.constant().getKind() == CelConstant.Kind.STRING_VALUE) {
            String pattern = patternExpr.constant().stringValue();
            try {
                programSize = Pattern.compile(pattern).programSize();
            } catch (PatternSyntaxException | IllegalArgumentException ex) {
                throw new RuleRejected(ruleText, "CEL type error: " + location(patternExpr)
                        + "invalid regular expression: " + ex.getMessage());
            }
            if (programSize > limits.maxRegexProgramSize()) {
                throw new RuleRejected(ruleText, "CEL type error: " + location(patternExpr)
                        + "regular expression compiles to " + programSize
                        + " instructions, above the limit of " + limits.maxRegexProgramSize());
            }
        } else {
            programSize = limits.maxRegexProgramSize();
        }
        long matching = ceilDiv(mul(subject.size, programSize), REGEX_STEPS_PER_UNIT);
        long compile = add(programSize, perChars(patternShape.size));
        return add(add(matching, perChars(subject.size)), compile);
    }

    /** The cost of comparing two values of this shape: per character, or per element recursively. */
    private static long compareCost(Shape shape) {
        if (shape == null) {
            return 1;
        }
        if (shape.elem == null) {
            return perChars(shape.size);
        }
        return mul(shape.size, add(1, compareCost(shape.elem)));
    }

    private Shape lookup(String name, CelExpr e) {
        for (Binding binding : scope) {
            if (binding.name.equals(name)) {
                return binding.shape;
            }
        }
        return fallback(typeOf(e), 0);
    }

    private boolean isAccumulator(CelExpr e) {
        if (e.getKind() != CelExpr.ExprKind.Kind.IDENT) {
            return false;
        }
        for (Binding binding : scope) {
            if (binding.name.equals(e.ident().name())) {
                return binding.accumulator;
            }
        }
        return false;
    }

    private static Shape constantShape(CelConstant constant) {
        return switch (constant.getKind()) {
            case STRING_VALUE -> Shape.text(constant.stringValue().length());
            case BYTES_VALUE -> Shape.text(constant.bytesValue().size());
            default -> Shape.SCALAR;
        };
    }

    /**
     * A safe shape for a value the walk has no better knowledge of: text as long as every field
     * and the rule together, collections as large as the iteration cap allows.
     */
    private Shape fallback(CelType type, int depth) {
        if (depth > 4) {
            return Shape.text(maxTextLength);
        }
        switch (type.kind()) {
            case STRING:
            case BYTES:
                return Shape.text(maxTextLength);
            case LIST:
                return new Shape(limits.maxComprehensionIterations(), elementFallback(type, depth));
            case MAP:
                return new Shape(limits.maxComprehensionIterations(), elementFallback(type, depth));
            case DYN:
            case ANY:
            case TYPE_PARAM:
                return new Shape(maxTextLength, Shape.text(maxTextLength));
            default:
                return Shape.SCALAR;
        }
    }

    private Shape elementFallback(CelType type) {
        return elementFallback(type, 0);
    }

    private Shape elementFallback(CelType type, int depth) {
        if (type instanceof ListType list && list.hasElemType()) {
            return fallback(list.elemType(), depth + 1);
        }
        if (type instanceof MapType map) {
            return Shape.max(fallback(map.keyType(), depth + 1), fallback(map.valueType(), depth + 1));
        }
        return fallback(SimpleType.DYN, depth + 1);
    }

    private CelType typeOf(CelExpr e) {
        return ast.getType(e.id()).orElse(SimpleType.DYN);
    }

    private void call(long cost, String function, CelExpr e) {
        if (cost > maxCallCost) {
            maxCallCost = cost;
            String where = location(e);
            maxCallDescription = "'" + displayName(function) + "'"
                    + (where.isEmpty() ? "" : " at " + where.substring(0, where.length() - 2));
        }
    }

    /** {@code line:column: } of a node (1-based, as cel-java prints it), or empty when unknown. */
    private String location(CelExpr e) {
        Integer offset = ast.getSource().getPositionsMap().get(e.id());
        if (offset == null) {
            return "";
        }
        return ast.getSource().getOffsetLocation(offset)
                .map(l -> l.getLine() + ":" + (l.getColumn() + 1) + ": ")
                .orElse("");
    }

    private static String displayName(String function) {
        return switch (function) {
            case "_+_" -> "+";
            case "_==_" -> "==";
            case "_!=_" -> "!=";
            case "_<_" -> "<";
            case "_<=_" -> "<=";
            case "_>_" -> ">";
            case "_>=_" -> ">=";
            case "@in" -> "in";
            case "_[_]" -> "[]";
            default -> function;
        };
    }

    private static long perChars(long chars) {
        return Math.max(1, ceilDiv(chars, CHARS_PER_UNIT));
    }

    private static long perListElements(long elements) {
        return Math.max(1, ceilDiv(elements, LIST_ELEMENTS_PER_UNIT));
    }

    private static long ceilDiv(long a, long b) {
        return a >= CAP ? CAP : (a + b - 1) / b;
    }

    static long add(long a, long b) {
        long sum = a + b;
        return (sum < 0 || sum > CAP) ? CAP : sum;
    }

    static long mul(long a, long b) {
        if (a == 0 || b == 0) {
            return 0;
        }
        if (a >= CAP / b) {
            return CAP;
        }
        return a * b;
    }
}
