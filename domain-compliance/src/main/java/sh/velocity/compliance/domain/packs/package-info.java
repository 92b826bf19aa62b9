/**
 * Compliance packs: {@code kind: CompliancePack} manifests, each a list of controls whose CEL rules
 * judge a schema definition and the organisation's platform settings, and the waivers that excuse
 * a failing control for a while. Parsing ({@link sh.velocity.compliance.domain.packs.PackParser}),
 * compiling and bounded evaluation ({@link sh.velocity.compliance.domain.packs.ControlRules}), the
 * documented rule input ({@link sh.velocity.compliance.domain.packs.PolicyInput}) and judging a
 * schema against a pack with its waivers ({@link sh.velocity.compliance.domain.packs.PackJudge}).
 * Plain Java, SnakeYAML and cel-java: no container, no database.
 */
package sh.velocity.compliance.domain.packs;
