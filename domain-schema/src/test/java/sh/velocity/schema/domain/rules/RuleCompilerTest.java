package sh.velocity.schema.domain.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Apply-time behaviour: what compiles, what is refused and with which message. */
class RuleCompilerTest {

    static final String CONTRACT_RULE = "self.amount > 0 && self.currency in ['USD', 'EUR']";

    static final List<RuleField> FIELDS = List.of(
            new RuleField("amount", "decimal", null),
            new RuleField("currency", "string", 3),
            new RuleField("po_number", "string", 64),
            new RuleField("notes", "text", 10_000),
            new RuleField("quantity", "integer", null),
            new RuleField("approved", "boolean", null),
            new RuleField("due", "date", null),
            new RuleField("created", "timestamp", null),
            new RuleField("ref", "uuid", null));

    private final RuleCompiler compiler = new RuleCompiler();

    private String rejection(String rule) {
        return assertThrows(RuleRejected.class, () -> compiler.compile(rule, FIELDS)).getMessage();
    }

    @Test
    void contractRuleCompilesAndIsCheap() throws RuleRejected {
        CompiledRule rule = compiler.compile(CONTRACT_RULE, FIELDS);
        assertEquals(CONTRACT_RULE, rule.text());
        assertTrue(rule.estimatedCost() > 0 && rule.estimatedCost() < 100, "estimate " + rule.estimatedCost());
        assertEquals(rule.estimatedCost(), compiler.estimateCost(rule));
    }

    @Test
    void contractRulePassesAndFails() throws RuleRejected {
        CompiledRule rule = compiler.compile(CONTRACT_RULE, FIELDS);
        Duration bound = Duration.ofSeconds(1);
        assertEquals(RuleOutcome.PASSED,
                compiler.evaluate(rule, Map.of("amount", new BigDecimal("10.50"), "currency", "USD"), bound));
        assertEquals(RuleOutcome.PASSED, compiler.evaluate(rule, Map.of("amount", 0.01, "currency", "EUR"), bound));
        assertEquals(RuleOutcome.FAILED,
                compiler.evaluate(rule, Map.of("amount", new BigDecimal("0"), "currency", "USD"), bound));
        assertEquals(RuleOutcome.FAILED,
                compiler.evaluate(rule, Map.of("amount", new BigDecimal("-3"), "currency", "USD"), bound));
        assertEquals(RuleOutcome.FAILED,
                compiler.evaluate(rule, Map.of("amount", new BigDecimal("5"), "currency", "GBP"), bound));
        // an integral value for a decimal field is accepted as a number
        assertEquals(RuleOutcome.PASSED, compiler.evaluate(rule, Map.of("amount", 7L, "currency", "USD"), bound));
    }

    @Test
    void syntaxErrorNamesLineAndColumn() {
        String message = rejection("true while true");
        assertTrue(message.startsWith("CEL syntax error:"), message);
        assertTrue(message.contains("1:6"), message);
        assertTrue(message.contains("while"), message);
    }

    @Test
    void syntaxErrorOnSecondLine() {
        String message = rejection("self.amount > 0 &&\n  self.currency ==");
        assertTrue(message.startsWith("CEL syntax error: 2:"), message);
    }

    @Test
    void emptyRuleIsRefused() {
        assertTrue(rejection("  ").startsWith("CEL syntax error:"));
        assertTrue(assertThrows(RuleRejected.class, () -> compiler.compile(null, FIELDS)).getMessage()
                .startsWith("CEL syntax error:"));
    }

    @Test
    void undeclaredFieldIsATypeError() {
        String message = rejection("self.nope == 1");
        assertTrue(message.startsWith("CEL type error:"), message);
        assertTrue(message.contains("undefined field 'nope'"), message);
        assertTrue(message.contains("declared fields: amount, currency"), message);
        assertTrue(rejection("has(self.nope)").contains("undefined field 'nope'"));
    }

    @Test
    void undeclaredVariableIsATypeError() {
        String message = rejection("request.user == 'x'");
        assertTrue(message.startsWith("CEL type error:"), message);
    }

    @Test
    void comparingWrongTypesIsATypeError() {
        String message = rejection("self.currency == 1");
        assertTrue(message.startsWith("CEL type error:"), message);
        assertTrue(message.contains("'_==_'") && message.contains("(string, int)"), message);
        assertTrue(rejection("self.quantity > 'ten'").startsWith("CEL type error:"));
        assertTrue(rejection("self.approved + 1 > 0").startsWith("CEL type error:"));
    }

    @Test
    void nonBoolResultIsRefused() {
        String message = rejection("self.quantity + 1");
        assertTrue(message.startsWith("CEL type error:"), message);
        assertTrue(message.contains("must evaluate to bool") && message.contains("int"), message);
        assertTrue(rejection("dyn(self.quantity)").contains("must evaluate to bool"));
    }

    @Test
    void messageConstructionIsRefused() {
        String message = rejection("velocity.Record{amount: 1.0}.amount > 0.0");
        assertTrue(message.startsWith("CEL type error:"), message);
    }

    @Test
    void fieldTypesMapToCelTypes() throws RuleRejected {
        compiler.compile("self.quantity >= 1 && self.quantity < 1000", FIELDS);
        compiler.compile("self.approved || !self.approved", FIELDS);
        compiler.compile("size(self.ref) == 36 && self.ref.startsWith('0')", FIELDS);
        compiler.compile("self.due < timestamp('2030-01-01T00:00:00Z') && self.created > self.due", FIELDS);
        compiler.compile("self.created.getFullYear() >= 2020", FIELDS);
        compiler.compile("!has(self.notes) || self.notes.size() <= 500", FIELDS);
        compiler.compile("self.po_number.matches('^PO-[0-9]{6}$')", FIELDS);
        compiler.compile("self.amount == 0.0 || self.amount > 1", FIELDS);
        compiler.compile("['USD', 'EUR'].exists(c, c == self.currency)", FIELDS);
    }

    @Test
    void datesAndTimestampsEvaluateAsTimestamps() throws RuleRejected {
        CompiledRule rule = compiler.compile(
                "self.due < timestamp('2030-01-01T00:00:00Z') && self.created >= self.due", FIELDS);
        Map<String, Object> record = new HashMap<>();
        record.put("due", LocalDate.parse("2026-03-01"));
        record.put("created", Instant.parse("2026-03-01T10:15:00Z"));
        assertEquals(RuleOutcome.PASSED, compiler.evaluate(rule, record, Duration.ofSeconds(1)));
        record.put("due", "2026-03-02");
        assertEquals(RuleOutcome.FAILED, compiler.evaluate(rule, record, Duration.ofSeconds(1)));
        record.put("created", "2026-03-02T00:00:00+00:00");
        assertEquals(RuleOutcome.PASSED, compiler.evaluate(rule, record, Duration.ofSeconds(1)));
    }

    @Test
    void overlongRuleIsRefused() {
        String rule = "true || " + "true || ".repeat(600) + "true";
        String message = rejection(rule);
        assertTrue(message.contains("characters long, above the limit of 4096"), message);
    }

    @Test
    void deepNestingIsRefused() {
        String rule = "(".repeat(200) + "true" + ")".repeat(200);
        String message = rejection(rule);
        assertTrue(message.startsWith("CEL syntax error:"), message);
    }

    @Test
    void moderateNestingIsAccepted() throws RuleRejected {
        compiler.compile("(".repeat(20) + "self.quantity > 0" + ")".repeat(20), FIELDS);
        compiler.compile(String.join(" && ", java.util.Collections.nCopies(60, "self.quantity > 0")), FIELDS);
        compiler.compile("self.quantity" + " + 1".repeat(30) + " > 0", FIELDS);
    }

    @Test
    void invalidRegexLiteralIsRefused() {
        String message = rejection("self.po_number.matches('([a-z]')");
        assertTrue(message.startsWith("CEL type error:") && message.contains("invalid regular expression"), message);
    }

    @Test
    void oversizedRegexProgramIsRefused() {
        String message = rejection("self.currency.matches('(a{100}){100}')");
        assertTrue(message.contains("instructions, above the limit of 1000"), message);
    }

    @Test
    void unknownFieldTypeIsAProgrammingError() {
        assertThrows(IllegalArgumentException.class, () -> new RuleField("x", "money", null));
    }
}
