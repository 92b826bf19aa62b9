package sh.velocity.audit.domain.merkle;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks RFC 9162 proofs against roots alone, as an auditor holding only signed tree heads would:
 * inclusion by the algorithm of §2.1.3.2, consistency by that of §2.1.4.2.
 *
 * <p>Every answer is {@code true} or {@code false}; nothing malformed throws. Sizes out of range, a
 * {@code null} anywhere, a root or proof entry that is not 32 bytes, and a proof that is too short
 * or too long all give {@code false}. Roots are compared with {@link MessageDigest#isEqual}.
 *
 * <p>Beyond the RFC, which defines consistency only for 0 &lt; old &lt; new: a tree is consistent
 * with itself (empty proof, equal roots), and the empty tree with every tree (empty proof, old root
 * the SHA-256 of the empty string).
 */
public final class MerkleProofs {

    private MerkleProofs() {
    }

    /**
     * Whether {@code leafBytes} is the leaf at {@code index} of the tree of {@code treeSize} leaves
     * whose root is {@code root}. {@code leafBytes} is the leaf itself (the event hash), not its
     * leaf hash.
     */
    public static boolean verifyInclusion(byte[] leafBytes, int index, int treeSize, List<byte[]> proof,
                                          byte[] root) {
        if (leafBytes == null || index < 0 || index >= treeSize || !isHash(root) || !wellFormed(proof)) {
            return false;
        }
        MerkleHasher hasher = new MerkleHasher();
        long fn = index;
        long sn = treeSize - 1L;
        byte[] r = hasher.leaf(leafBytes);
        for (byte[] p : proof) {
            if (sn == 0) {
                return false;
            }
            if ((fn & 1) == 1 || fn == sn) {
                r = hasher.node(p, r);
                while ((fn & 1) == 0 && fn != 0) {
                    fn >>= 1;
                    sn >>= 1;
                }
            } else {
                r = hasher.node(r, p);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 && MessageDigest.isEqual(r, root);
    }

    /**
     * Whether the tree of {@code newSize} leaves with root {@code newRoot} starts with the tree of
     * {@code oldSize} leaves with root {@code oldRoot}: nothing that was in the old tree was changed,
     * removed or reordered.
     */
    public static boolean verifyConsistency(int oldSize, int newSize, byte[] oldRoot, byte[] newRoot,
                                            List<byte[]> proof) {
        if (oldSize < 0 || oldSize > newSize || !isHash(oldRoot) || !isHash(newRoot) || !wellFormed(proof)) {
            return false;
        }
        if (oldSize == 0) {
            return proof.isEmpty() && MessageDigest.isEqual(oldRoot, new MerkleHasher().emptyRoot())
                    && (newSize > 0 || MessageDigest.isEqual(oldRoot, newRoot));
        }
        if (oldSize == newSize) {
            return proof.isEmpty() && MessageDigest.isEqual(oldRoot, newRoot);
        }
        return !proof.isEmpty() && verifyProperConsistency(oldSize, newSize, oldRoot, newRoot, proof);
    }

    /** RFC 9162 §2.1.4.2 steps 2 to 7, for 0 &lt; oldSize &lt; newSize. */
    private static boolean verifyProperConsistency(int oldSize, int newSize, byte[] oldRoot, byte[] newRoot,
                                                   List<byte[]> proof) {
        List<byte[]> path = proof;
        if (Integer.bitCount(oldSize) == 1) {
            path = new ArrayList<>(proof.size() + 1);
            path.add(oldRoot);
            path.addAll(proof);
        }
        MerkleHasher hasher = new MerkleHasher();
        long fn = oldSize - 1L;
        long sn = newSize - 1L;
        while ((fn & 1) == 1) {
            fn >>= 1;
            sn >>= 1;
        }
        byte[] fr = path.get(0);
        byte[] sr = path.get(0);
        for (byte[] c : path.subList(1, path.size())) {
            if (sn == 0) {
                return false;
            }
            if ((fn & 1) == 1 || fn == sn) {
                fr = hasher.node(c, fr);
                sr = hasher.node(c, sr);
                while ((fn & 1) == 0 && fn != 0) {
                    fn >>= 1;
                    sn >>= 1;
                }
            } else {
                sr = hasher.node(sr, c);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 && MessageDigest.isEqual(fr, oldRoot) && MessageDigest.isEqual(sr, newRoot);
    }

    private static boolean isHash(byte[] hash) {
        return hash != null && hash.length == Sha256.LENGTH;
    }

    private static boolean wellFormed(List<byte[]> proof) {
        if (proof == null) {
            return false;
        }
        for (byte[] entry : proof) {
            if (!isHash(entry)) {
                return false;
            }
        }
        return true;
    }
}
