package sh.velocity.audit.domain.export;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A checkpoint as an export carries it: the signed tree head (chain, size, root, time), the id of
 * the key that signed it and the signature (base64), and the frontier, the subtree roots at that
 * size, which lets a reader resume the tree there (a retention anchor is one).
 */
public record SignedCheckpoint(String chain, long treeSize, String rootHash, Instant signedAt, String keyId,
                               String signature, List<String> frontier) {

    public SignedCheckpoint {
        Objects.requireNonNull(chain, "chain");
        Objects.requireNonNull(rootHash, "rootHash");
        Objects.requireNonNull(signedAt, "signedAt");
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(signature, "signature");
        frontier = List.copyOf(frontier);
    }
}
