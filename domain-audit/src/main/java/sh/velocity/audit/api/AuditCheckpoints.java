package sh.velocity.audit.api;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * Signed checkpoints of the audit chains: each an RFC 9162 Merkle tree head over the chain's first
 * {@code treeSize} event hashes, signed with Ed25519 (docs/audit-format.md says how to check one
 * without Velocity).
 */
public interface AuditCheckpoints {

    /** The newest checkpoints of a chain, newest first. The caller checks {@code audit.read}. */
    List<Checkpoint> list(String chain, int limit);

    /**
     * RFC 9162 inclusion proof of event {@code seq} in the checkpoint of {@code treeSize} events (the
     * latest when null): the audit path, with the signed checkpoint it leads to. 404 when there is
     * no such checkpoint or event.
     */
    InclusionProof inclusion(String chain, long seq, Long treeSize);

    /** RFC 9162 consistency proof that the checkpoint of {@code to} events extends the one of {@code from}. */
    ConsistencyProof consistency(String chain, long from, long to);

    /** Seals every chain that moved since its last checkpoint now; returns how many were written. */
    int sealNow();

    /** The public half of the signing key (X.509 SubjectPublicKeyInfo, base64) and its id. */
    PublicKey publicKey();

    record Checkpoint(String chain, long treeSize, String rootHash, OffsetDateTime signedAt, String keyId,
                      String signature) {
    }

    record InclusionProof(long seq, long leafIndex, String leafHash, List<String> auditPath, Checkpoint checkpoint) {
    }

    record ConsistencyProof(Checkpoint from, Checkpoint to, List<String> proof) {
    }

    record PublicKey(String keyId, String algorithm, String x509Base64) {
    }
}
