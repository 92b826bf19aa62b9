/**
 * CEL validation rules with a hard bound, in two layers (DESIGN.md: cel-java 0.14.0 has no cost
 * limit and no timeout of its own).
 *
 * <p>At apply time {@link sh.velocity.schema.domain.rules.RuleCompiler#compile} turns a rule from
 * {@code spec.validation.rules} into a {@link sh.velocity.schema.domain.rules.CompiledRule}: it must
 * parse ({@code CEL syntax error: line:column: …}), type-check against the declared
 * {@link sh.velocity.schema.domain.rules.RuleField fields} exposed as {@code self}
 * ({@code CEL type error: …}), return bool, and have a worst-case cost — priced from the rule's shape
 * and the fields' maxLength, the Kubernetes way — under the budget in
 * {@link sh.velocity.schema.domain.rules.RuleLimits}; otherwise it is refused with a
 * {@link sh.velocity.schema.domain.rules.RuleRejected} naming the rule and its estimate.
 *
 * <p>At write time {@link sh.velocity.schema.domain.rules.RuleCompiler#evaluate} runs a compiled
 * rule on one record under {@code maxExecutionMs}, enforced by a deadline and a step budget checked
 * from the interpreter's evaluation listener plus iteration and regex-size limits, and returns a
 * {@link sh.velocity.schema.domain.rules.RuleOutcome}: PASSED, FAILED (→ 400
 * {@code VALIDATION_FAILED} with the rule's message), TIMEOUT (→ 400 {@code CEL_TIMEOUT}, "CEL
 * execution timeout") or ERROR (→ a clean 400). It never throws and never leaves work running on
 * another thread.
 *
 * <p>Plain Java, no container: everything here is testable in milliseconds.
 */
package sh.velocity.schema.domain.rules;
