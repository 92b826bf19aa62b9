package sh.velocity.audit.domain.merkle;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * An RFC 9162 Merkle tree grown one leaf at a time, keeping only the roots of its perfect subtrees
 * (one per set bit of the size, largest first: at most 64 hashes). Appending is O(log n) amortised
 * and the root is the fold of those roots from the right, which is exactly MTH of RFC 9162 §2.1.1
 * (its split point, the largest power of two below n, is the boundary of the first perfect subtree).
 * Not thread-safe (one hasher per frontier). A checkpoint stores the frontier so the next one hashes only the events that came since; a
 * verifier recomputes everything from the events instead.
 */
public final class MerkleFrontier {

    private static final HexFormat HEX = HexFormat.of();

    private final MerkleHasher hasher = new MerkleHasher();
    private final List<byte[]> roots;
    private long size;

    private MerkleFrontier(List<byte[]> roots, long size) {
        this.roots = roots;
        this.size = size;
    }

    public static MerkleFrontier empty() {
        return new MerkleFrontier(new ArrayList<>(), 0);
    }

    /** Resumes from stored subtree roots (hex), which must number the set bits of {@code size}. */
    public static MerkleFrontier resume(long size, List<String> hexRoots) {
        if (size < 0 || Long.bitCount(size) != hexRoots.size()) {
            throw new IllegalArgumentException("a frontier of size " + size + " has " + Long.bitCount(Math.max(0, size))
                    + " subtree roots, not " + hexRoots.size());
        }
        List<byte[]> roots = new ArrayList<>();
        for (String h : hexRoots) {
            byte[] b = HEX.parseHex(h);
            if (b.length != 32) {
                throw new IllegalArgumentException("a subtree root is 32 bytes");
            }
            roots.add(b);
        }
        return new MerkleFrontier(roots, size);
    }

    /** Appends one leaf (an event's 32-byte hash): its leaf hash is SHA-256(0x00 ‖ leaf). */
    public void append(byte[] leaf) {
        roots.add(hasher.leaf(leaf));
        size++;
        for (long merged = size; (merged & 1) == 0; merged >>= 1) {
            byte[] right = roots.remove(roots.size() - 1);
            byte[] left = roots.remove(roots.size() - 1);
            roots.add(hasher.node(left, right));
        }
    }

    public long size() {
        return size;
    }

    /** MTH of the leaves appended so far; SHA-256 of nothing for an empty tree. */
    public byte[] root() {
        if (roots.isEmpty()) {
            return hasher.emptyRoot();
        }
        byte[] r = roots.get(roots.size() - 1);
        for (int i = roots.size() - 2; i >= 0; i--) {
            r = hasher.node(roots.get(i), r);
        }
        return r;
    }

    /**
     * MTH of a tree of n leaves from the roots of its two parts at RFC 9162's split point (§2.1.1:
     * {@code left} over the first k leaves, k the largest power of two below n, {@code right} over
     * the other n − k): what two readers of one tree's halves join their roots with.
     */
    public static byte[] join(byte[] left, byte[] right) {
        return new MerkleHasher().node(left, right);
    }

    /** The subtree roots, hex, largest first: what a checkpoint row stores. */
    public List<String> hexRoots() {
        return roots.stream().map(HEX::formatHex).toList();
    }
}
