/**
 * The approval chain for protected namespaces as a framework-free state machine: a
 * {@link sh.velocity.schema.domain.approval.ChangeRequest} is submitted by its author, approved or
 * rejected by a reviewer, and applied by an admin — three distinct principals, compared as
 * principals ({@link sh.velocity.schema.domain.approval.Principals}), with no step that may be skipped
 * or repeated. A refused step is a {@link sh.velocity.schema.domain.approval.ChainRefusal} naming the
 * rule it breaks. {@link sh.velocity.schema.domain.approval.ProtectedNamespaces} reads which
 * namespaces need the chain from configuration, failing closed on anything it cannot read.
 *
 * <p>The database enforces the same rules again on {@code platform.schema_changes} (schema V5):
 * these classes are the first line, not the only one.
 */
package sh.velocity.schema.domain.approval;
