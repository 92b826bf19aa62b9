package sh.velocity.schema.api;

/** A validation rule: CEL text, the message a failing write gets, and its execution bound. */
public record RuleSpec(String rule, String message, int maxExecutionMs) {
}
