package sh.velocity.audit.domain.merkle;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * Roots and proofs of the RFC 9162 §2.1 Merkle tree over a list of leaves: MTH, PATH (§2.1.3.1) and
 * PROOF/SUBPROOF (§2.1.4.1), with split point k = the largest power of two smaller than n.
 *
 * <p>Each call hashes every leaf and every interior node it needs exactly once: O(n) hashes and
 * O(log n) stack, whatever the leaf index or old size. Leaves are read in ascending index order,
 * each at most once (see {@link LeafSource}). A sibling that lies left of the path is hashed before
 * descending, even though the proof lists it after the deeper entries, to keep that order.
 *
 * <p>Proof entries are listed bottom-up, as the RFC defines them and as {@link MerkleProofs}
 * expects.
 */
public final class MerkleTree {

    private final LeafSource leaves;
    private final MerkleHasher hasher = new MerkleHasher();

    private MerkleTree(LeafSource leaves) {
        this.leaves = leaves;
    }

    public static byte[] root(List<byte[]> leaves) {
        return root(LeafSource.of(leaves));
    }

    /** MTH(D[n]); for no leaves, the SHA-256 of the empty string. */
    public static byte[] root(LeafSource leaves) {
        MerkleTree tree = new MerkleTree(leaves);
        int n = sizeOf(leaves);
        return n == 0 ? tree.hasher.emptyRoot() : tree.hash(0, n);
    }

    public static List<byte[]> inclusionProof(List<byte[]> leaves, int index) {
        return inclusionProof(LeafSource.of(leaves), index);
    }

    /** PATH(index, D[n]): the audit path of the leaf at {@code index}, 0 ≤ index &lt; n. */
    public static List<byte[]> inclusionProof(LeafSource leaves, int index) {
        int n = sizeOf(leaves);
        if (index < 0 || index >= n) {
            throw new IllegalArgumentException("leaf index " + index + " is outside a tree of " + n + " leaves");
        }
        List<byte[]> proof = new ArrayList<>();
        new MerkleTree(leaves).path(index, 0, n, proof);
        return Collections.unmodifiableList(proof);
    }

    public static List<byte[]> consistencyProof(List<byte[]> leaves, int oldSize) {
        return consistencyProof(LeafSource.of(leaves), oldSize);
    }

    /**
     * PROOF(oldSize, D[n]): shows that the tree of the first {@code oldSize} leaves is a prefix of
     * this one. Empty when {@code oldSize} is 0 or n, where RFC 9162 needs no proof.
     */
    public static List<byte[]> consistencyProof(LeafSource leaves, int oldSize) {
        int n = sizeOf(leaves);
        if (oldSize < 0 || oldSize > n) {
            throw new IllegalArgumentException("old size " + oldSize + " is outside 0.." + n);
        }
        List<byte[]> proof = new ArrayList<>();
        if (oldSize > 0 && oldSize < n) {
            new MerkleTree(leaves).subproof(oldSize, 0, n, true, proof);
        }
        return Collections.unmodifiableList(proof);
    }

    /** MTH(D[lo:hi]), hi &gt; lo. */
    private byte[] hash(int lo, int hi) {
        if (hi - lo == 1) {
            return hasher.leaf(leaf(lo));
        }
        int mid = lo + MerkleHasher.split(hi - lo);
        byte[] left = hash(lo, mid);
        return hasher.node(left, hash(mid, hi));
    }

    /** Appends PATH(index - lo, D[lo:hi]). */
    private void path(int index, int lo, int hi, List<byte[]> proof) {
        if (hi - lo == 1) {
            return;
        }
        int mid = lo + MerkleHasher.split(hi - lo);
        if (index < mid) {
            path(index, lo, mid, proof);
            proof.add(hash(mid, hi));
        } else {
            byte[] left = hash(lo, mid);
            path(index, mid, hi, proof);
            proof.add(left);
        }
    }

    /** Appends SUBPROOF(oldEnd - lo, D[lo:hi], wholeOldTree). */
    private void subproof(int oldEnd, int lo, int hi, boolean wholeOldTree, List<byte[]> proof) {
        if (oldEnd == hi) {
            if (!wholeOldTree) {
                proof.add(hash(lo, hi));
            }
            return;
        }
        int mid = lo + MerkleHasher.split(hi - lo);
        if (oldEnd <= mid) {
            subproof(oldEnd, lo, mid, wholeOldTree, proof);
            proof.add(hash(mid, hi));
        } else {
            byte[] left = hash(lo, mid);
            subproof(oldEnd, mid, hi, false, proof);
            proof.add(left);
        }
    }

    private byte[] leaf(int index) {
        byte[] leaf = leaves.leaf(index);
        if (leaf == null) {
            throw new IllegalArgumentException("leaf " + index + " is null");
        }
        return leaf;
    }

    private static int sizeOf(LeafSource leaves) {
        int n = Objects.requireNonNull(leaves, "leaves").size();
        if (n < 0) {
            throw new IllegalArgumentException("a leaf source reported a negative size: " + n);
        }
        return n;
    }
}
