/**
 * Merkle trees over an audit chain and the signed checkpoints that seal them (issue 6), JDK only.
 *
 * <p>The leaves of a chain's tree are its events' 32-byte hashes in sequence order (event 1 is leaf
 * index 0). The tree follows RFC 9162 §2.1 exactly, so any Certificate Transparency tooling can check
 * our proofs: {@link sh.velocity.audit.domain.merkle.MerkleTree} computes roots and proofs from the
 * leaves, {@link sh.velocity.audit.domain.merkle.MerkleProofs} checks proofs without them. A
 * {@link sh.velocity.audit.domain.merkle.TreeHead} names a chain, a size, a root and a time; its
 * {@code signedBytes()} are what {@link sh.velocity.audit.domain.merkle.CheckpointSigner} signs with
 * Ed25519 and {@link sh.velocity.audit.domain.merkle.CheckpointVerifier} checks.
 *
 * <p>Why both the hash chain and a tree: the chain shows that rows were not edited, but whoever can
 * rewrite the table can rewrite the whole chain. A signed head published or handed out earlier pins
 * the first N events; a consistency proof then shows that today's tree extends it, and an inclusion
 * proof shows one event is in it, each in O(log N) hashes.
 *
 * <p>Verification returns {@code false} for anything malformed and never throws, so that an
 * attacker-supplied proof or signature cannot turn a "no" into an error path.
 */
package sh.velocity.audit.domain.merkle;
