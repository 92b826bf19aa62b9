/**
 * The audit export ({@code velocity-audit-export-v1}): one chain as JSON Lines, written by the
 * server and checked offline by the CLI, JDK only so that the check needs neither a server nor a
 * container (docs/audit-format.md, section 10).
 *
 * <p>An export is a header (the chain, the time, the public keys), every event exactly as hashed,
 * each signed checkpoint right after the last event it covers, and an end line with the chain head
 * and a digest of everything before it. Writer and verifier share {@link
 * sh.velocity.audit.domain.export.ExportFormat}, so the two cannot drift apart. The verifier reuses
 * the chain rules ({@code ChainVerifier}) and the Merkle code of {@code domain.merkle}; it streams,
 * so memory does not grow with the chain, and it starts from a {@link
 * sh.velocity.audit.domain.export.ChainStart}: the genesis today, a signed retention anchor once old
 * events can be dropped.
 */
package sh.velocity.audit.domain.export;
