/**
 * The {@code velocity} command-line client (CONTRACT.md section 4). It runs on a user's machine,
 * without a server, so it may depend only on its own packages, the kernel's plain types and
 * domain-audit's framework-free domain packages (the offline export verifier), plus picocli,
 * JSON-P and SnakeYAML (manifests, {@code -o yaml}); and no server code may depend on it.
 * {@code architecture-tests} checks both.
 */
package sh.velocity.cli;
