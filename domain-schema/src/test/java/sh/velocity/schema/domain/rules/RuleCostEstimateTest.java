package sh.velocity.schema.domain.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The apply-time cost estimate: priced from the rule's shape and the fields' maxLength. */
class RuleCostEstimateTest {

    private final RuleCompiler compiler = new RuleCompiler();

    static String zeros(int n) {
        return "[" + String.join(",", Collections.nCopies(n, "0")) + "]";
    }

    private static List<RuleField> text(int maxLength) {
        return List.of(new RuleField("s", "text", maxLength), new RuleField("t", "text", maxLength),
                new RuleField("n", "integer", null));
    }

    private long cost(String rule, List<RuleField> fields) throws RuleRejected {
        return compiler.compile(rule, fields).estimatedCost();
    }

    @Test
    void stringOperationsArePricedAtMaxLength() throws RuleRejected {
        long small = cost("self.s.size() > 3 && self.s.startsWith('x')", text(100));
        long large = cost("self.s.size() > 3 && self.s.startsWith('x')", text(100_000));
        assertTrue(large > small * 100 / 10, small + " vs " + large);
        assertTrue(cost("self.s + self.t == 'x'", text(100_000)) > cost("self.s == 'x'", text(100_000)));
    }

    @Test
    void comprehensionsMultiplyByTheirRange() throws RuleRejected {
        long one = cost(zeros(10) + ".all(x, x == self.n)", text(10));
        long nested = cost(zeros(10) + ".all(x, " + zeros(10) + ".all(y, x == y))", text(10));
        long wider = cost(zeros(20) + ".all(x, " + zeros(20) + ".all(y, x == y))", text(10));
        assertTrue(nested > one * 5, one + " vs " + nested);
        assertTrue(wider > nested * 3, nested + " vs " + wider);
        // map/filter results are iterated at their worst-case size
        assertTrue(cost(zeros(50) + ".map(x, x + 1).filter(y, y > 0).all(z, z > 0)", text(10))
                > cost(zeros(50) + ".all(z, z > 0)", text(10)) * 2);
    }

    @Test
    void overBudgetRuleIsRefusedWithItsEstimate() {
        String rule = zeros(1000) + ".all(x, " + zeros(1000) + ".all(y, x == y))";
        RuleRejected rejected = assertThrows(RuleRejected.class, () -> compiler.compile(rule, text(10)));
        String message = rejected.getMessage();
        System.out.println("[cost] over-budget rule: " + message.substring(0, 60) + "...");
        Matcher m = Pattern.compile("^CEL cost estimate (\\d+) exceeds the budget of (\\d+) for rule '").matcher(message);
        assertTrue(m.find(), message);
        assertTrue(Long.parseLong(m.group(1)) > RuleLimits.DEFAULT_COST_BUDGET, message);
        assertEquals(RuleLimits.DEFAULT_COST_BUDGET, Long.parseLong(m.group(2)));
        assertEquals(rule, rejected.rule());
    }

    @Test
    void nestedLoopsOverALongStringAreRefused() {
        String rule = zeros(100) + ".all(i, " + zeros(100) + ".all(j, self.s.size() > i + j))";
        String message = assertThrows(RuleRejected.class, () -> compiler.compile(rule, text(100_000))).getMessage();
        assertTrue(message.startsWith("CEL cost estimate "), message);
        // the same shape over a short field is cheap
        assertTrue(assertDoesNotThrow(rule, text(20)) < RuleLimits.DEFAULT_COST_BUDGET);
    }

    @Test
    void quadraticContainsBetweenLongFieldsIsRefusedPerCall() {
        String message = assertThrows(RuleRejected.class,
                () -> compiler.compile("self.s.contains(self.t)", text(100_000))).getMessage();
        assertTrue(message.startsWith("CEL cost estimate ") && message.contains("'contains' at 1:")
                && message.contains("per-call limit of 100000"), message);
    }

    @Test
    void shortRegexOverLongTextIsAllowedLongOneIsNot() throws RuleRejected {
        cost("self.s.matches('^[A-Za-z ]*$')", text(100_000));
        String message = assertThrows(RuleRejected.class,
                () -> compiler.compile("self.s.matches('^.*(ab|ba){1,20}.*$')", text(100_000))).getMessage();
        assertTrue(message.contains("'matches'") && message.contains("per-call limit"), message);
        // a computed pattern is priced at the program-size limit
        assertThrows(RuleRejected.class, () -> compiler.compile("self.s.matches(self.t)", text(100_000)));
    }

    @Test
    void textFieldWithoutMaxLengthIsPricedAsUnbounded() {
        List<RuleField> fields = List.of(new RuleField("s", "text", null));
        assertThrows(RuleRejected.class, () -> compiler.compile("self.s.size() > 0 && self.s.matches('^a')", fields));
    }

    @Test
    void budgetIsAConstructorParameter() throws RuleRejected {
        String rule = zeros(1000) + ".all(x, " + zeros(1000) + ".all(y, x == y))";
        RuleCompiler generous = new RuleCompiler(RuleLimits.DEFAULTS.withCostBudget(100_000_000L));
        CompiledRule compiled = generous.compile(rule, text(10));
        assertTrue(compiled.estimatedCost() > 1_000_000, "estimate " + compiled.estimatedCost());
        assertEquals(compiled.estimatedCost(), generous.estimateCost(compiled));
    }

    private long assertDoesNotThrow(String rule, List<RuleField> fields) {
        try {
            return cost(rule, fields);
        } catch (RuleRejected e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }
}
