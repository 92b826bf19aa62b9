package sh.velocity.compliance.api;

/** What applying a CompliancePack did: {@code created}, {@code changed} or {@code unchanged}. */
public record AppliedPack(String outcome, String namespace, String name, int generation, int controls) {
}
