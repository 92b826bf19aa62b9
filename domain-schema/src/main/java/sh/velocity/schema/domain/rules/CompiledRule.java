package sh.velocity.schema.domain.rules;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.runtime.CelRuntime;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A validation rule that passed admission: parsed, type-checked against the declared fields,
 * bool-valued and priced under the cost budget, with its evaluable program ready.
 *
 * <p>It exists so that write-time code can only ever evaluate a rule that went through
 * {@link RuleCompiler#compile}: the constructor is package-private, so there is no way to build one
 * from unchecked text. Instances are immutable and safe to share between request threads (the
 * cel-java program keeps no per-evaluation state).
 */
public final class CompiledRule {

    private final String text;
    private final List<RuleField> fields;
    private final Map<String, RuleField> fieldsByName;
    private final CelAbstractSyntaxTree ast;
    private final CelRuntime.Program program;
    private final long estimatedCost;

    CompiledRule(String text, List<RuleField> fields, Map<String, RuleField> fieldsByName,
            CelAbstractSyntaxTree ast, CelRuntime.Program program, long estimatedCost) {
        this.text = Objects.requireNonNull(text);
        this.fields = List.copyOf(fields);
        this.fieldsByName = Map.copyOf(fieldsByName);
        this.ast = Objects.requireNonNull(ast);
        this.program = Objects.requireNonNull(program);
        this.estimatedCost = estimatedCost;
    }

    /** The rule text as written in the manifest. */
    public String text() {
        return text;
    }

    /** The fields the rule was compiled against, in declaration order. */
    public List<RuleField> fields() {
        return fields;
    }

    /** The worst-case cost computed at compile time, in cost units (see {@link RuleLimits}). */
    public long estimatedCost() {
        return estimatedCost;
    }

    Map<String, RuleField> fieldsByName() {
        return fieldsByName;
    }

    CelAbstractSyntaxTree ast() {
        return ast;
    }

    CelRuntime.Program program() {
        return program;
    }

    @Override
    public String toString() {
        return "CompiledRule[" + text + ", cost=" + estimatedCost + "]";
    }
}
