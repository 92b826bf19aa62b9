/**
 * Test fixtures for the architecture rules, never production code. {@code alpha} and {@code beta}
 * break the rules on purpose; {@code clean} obeys them. {@code FenceRuleSelfTest} checks the rules
 * against both so that a rule which could not fail is noticed.
 *
 * <p>This package is under test sources, so {@code ModuleFencesTest} (which does not include
 * tests) never sees it.
 */
package sh.velocity.fencefixture;
