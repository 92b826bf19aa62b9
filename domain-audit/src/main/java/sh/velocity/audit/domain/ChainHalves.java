package sh.velocity.audit.domain;

import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.Consumer;
import sh.velocity.audit.api.ChainVerification;
import sh.velocity.audit.domain.merkle.MerkleFrontier;

/**
 * A chain verified as two halves read side by side, split where RFC 9162 splits the tree of its
 * latest signed checkpoint (§2.1.1: after k events, k the largest power of two below the tree size
 * n). The first half (events 1 to k) is checked from the genesis and ends at the stored hash of event
 * k, as read in the same snapshot; the second goes on from that hash to the head. Each half grows
 * the Merkle tree of its own events up to n, and the two roots joined must be the signed root.
 *
 * <p>This only ever says that a chain holds: the halves know nothing of retention anchors and name
 * no problem by itself. When {@link #result} is empty, the chain is verified again in one pass,
 * which locates and words whatever is wrong exactly as always.
 */
public final class ChainHalves {

    private static final int LEAF_BYTES = 32;

    private final String chain;
    private final long split;
    private final long treeSize;
    private final String signedRoot;
    private final String hashAtSplit;
    private final ChainVerifier first;
    private final ChainVerifier second;
    private final MerkleFrontier left = MerkleFrontier.empty();
    private final MerkleFrontier right = MerkleFrontier.empty();
    private boolean leavesHold = true;

    /**
     * For the checkpoint of {@code treeSize} events with root {@code rootHex} (its signature checked
     * by the caller), and the stored hash of event {@link #splitPoint}({@code treeSize}).
     */
    public ChainHalves(String chain, long treeSize, String rootHex, String hashAtSplit) {
        if (treeSize < 2) {
            throw new IllegalArgumentException("a tree of " + treeSize + " events has no split point");
        }
        this.chain = chain;
        this.split = splitPoint(treeSize);
        this.treeSize = treeSize;
        this.signedRoot = rootHex;
        this.hashAtSplit = hashAtSplit;
        this.first = new ChainVerifier(chain);
        this.second = new ChainVerifier(chain, split, hashAtSplit);
    }

    /** The largest power of two below {@code treeSize} (at least 2): the last event of the first half. */
    public static long splitPoint(long treeSize) {
        return Long.highestOneBit(treeSize - 1);
    }

    public long split() {
        return split;
    }

    /** Takes the first half's events, 1 to {@link #split}, in order (one thread). */
    public Consumer<EventRow> first() {
        return row -> {
            first.accept(row);
            leaf(left, row);
        };
    }

    /** Takes the second half's events, after {@link #split} to the last, in order (another thread). */
    public Consumer<EventRow> second() {
        return row -> {
            second.accept(row);
            if (row.seq() <= treeSize) {
                leaf(right, row);
            }
        };
    }

    private void leaf(MerkleFrontier tree, EventRow row) {
        byte[] leaf = new byte[LEAF_BYTES];
        if (CanonicalHasher.unhex(row.hash(), leaf)) {
            tree.append(leaf);
        } else {
            leavesHold = false;
        }
    }

    /**
     * After both halves were read (and their threads joined): the verification when the chain holds
     * in every respect a single pass checks, empty when anything does not.
     */
    public Optional<ChainVerification> result(long headSeq, String headHash) {
        if (hashAtSplit == null || !leavesHold) {
            return Optional.empty();
        }
        first.finish(split, hashAtSplit);
        second.finish(headSeq, headHash);
        ChainVerification a = first.result();
        ChainVerification b = second.result();
        if (!a.valid() || !b.valid() || left.size() != split || right.size() != treeSize - split) {
            return Optional.empty();
        }
        String root = HexFormat.of().formatHex(MerkleFrontier.join(left.root(), right.root()));
        if (signedRoot == null || !MessageDigest.isEqual(root.getBytes(StandardCharsets.US_ASCII),
                signedRoot.getBytes(StandardCharsets.US_ASCII))) {
            return Optional.empty();
        }
        return Optional.of(new ChainVerification(chain, true, a.events() + b.events(), 0, null, null, null, null));
    }
}
