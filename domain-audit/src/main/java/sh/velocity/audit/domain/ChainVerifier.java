package sh.velocity.audit.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import sh.velocity.audit.api.ChainVerification;
import sh.velocity.audit.domain.merkle.MerkleFrontier;
import sh.velocity.audit.domain.merkle.RetentionAnchor;

/**
 * Streams a chain's events in sequence order and checks three things of each: its sequence number
 * follows its predecessor's (a deleted or reordered row shows as a gap), its {@code prev_hash} is
 * its predecessor's stored hash (a row swapped in from elsewhere shows), and its stored hash is the
 * hash of its own content (an edited row shows). Constant memory whatever the chain's length.
 *
 * <p>Ranges that retention dropped are bridged by their signed {@link RetentionAnchor}s (signatures
 * checked by the caller): where the next event should be an anchor's first, the anchor stands in for
 * its events, giving the hash the next kept event must link to and the Merkle frontier to go on
 * from. An anchor that does not fit a gap exactly is reported like any other break.
 *
 * <p>A verifier that {@linkplain #followTail follows the tail} ends with a {@link Position}: the last
 * event's sequence number and hash and the Merkle frontier there. A later pass {@linkplain #resume
 * resumes} from it and reads only the events written since, the event it resumes at first (it must
 * be unchanged): what the periodic monitor runs between its passes over the whole chain.
 */
public final class ChainVerifier {

    private static final int LEAF_BYTES = 32;

    private final String chain;
    private long events;
    private long tampered;
    private long lastSeq;
    private byte[] lastHash;
    private CanonicalHasher hasher;
    private Long firstBad;
    private String expected;
    private String actual;
    private String reason;

    private long anchorSize;
    private String anchorRoot;
    private boolean checkpointed;
    private MerkleFrontier frontier;
    private boolean followTail;
    private boolean junctionPending;
    private boolean anchorShortReported;

    private final Deque<RetentionAnchor> retention = new ArrayDeque<>();
    private long captureSeq = -1;
    private Position captured;

    public ChainVerifier(String chain) {
        this(chain, 0, CanonicalEvent.GENESIS_HASH);
    }

    /**
     * Resumes after event {@code afterSeq}, whose stored hash is {@code afterHash}, instead of at the
     * genesis: for a chain whose oldest events are gone and whose start something else vouches for
     * (a signed anchor). {@link #anchor} counts its leaves from event 1, so it belongs to the genesis
     * start only.
     */
    public ChainVerifier(String chain, long afterSeq, String afterHash) {
        this.chain = chain;
        this.lastSeq = afterSeq;
        this.lastHash = ascii(afterHash);
    }

    /**
     * Goes on from where an earlier pass that {@linkplain #followTail followed the tail} ended. The
     * first event read must be the one at {@code from} itself, unchanged (the reader starts there):
     * it is checked, not counted, and an event that differs or is gone is reported at its sequence
     * number. Follows the tail too.
     */
    public static ChainVerifier resume(String chain, Position from) {
        ChainVerifier v = new ChainVerifier(chain, from.seq(), from.hash());
        v.frontier = MerkleFrontier.resume(from.seq(), from.frontier());
        v.followTail = true;
        v.junctionPending = true;
        return v;
    }

    /**
     * Also checks the chain against a signed checkpoint (its signature already verified): the first
     * {@code treeSize} events must still hash to {@code rootHex}, and the chain may not be shorter.
     * This is what catches the newest events deleted together with a rewritten chain head. A resumed
     * verifier takes only a checkpoint at or after the event it resumed at.
     */
    public void anchor(long treeSize, String rootHex) {
        this.anchorSize = treeSize;
        this.anchorRoot = rootHex;
        this.checkpointed = true;
        if (frontier == null) {
            frontier = MerkleFrontier.empty();
        } else if (frontier.size() > treeSize) {
            throw new IllegalArgumentException("a checkpoint of " + treeSize + " events lies before the event "
                    + frontier.size() + " this verifier resumed at");
        } else if (frontier.size() == treeSize) {
            compareWithAnchor(1);
        }
    }

    /**
     * Grows the Merkle frontier over every event, not only up to the checkpoint, so that
     * {@link #position} can hand the chain's state at its end to the next pass.
     */
    public void followTail() {
        followTail = true;
        if (frontier == null) {
            frontier = MerkleFrontier.empty();
        }
    }

    /** The signed anchors of the chain's dropped ranges (signatures already verified), any order. */
    public void retentionAnchors(List<RetentionAnchor> anchors) {
        anchors.stream().sorted(Comparator.comparingLong(RetentionAnchor::firstSeq)).forEach(retention::add);
    }

    /**
     * For a caller that follows the Merkle tree itself (the export verifier): steps over one
     * dropped range whose anchor it has checked, so the next event must link to the anchor's hash.
     * An anchor that does not start right after the last event seen is a break at its first event.
     */
    public void skipDropped(RetentionAnchor a) {
        if (a.firstSeq() != lastSeq + 1) {
            mark(a.firstSeq(), "the retention anchor of events " + a.firstSeq() + " to " + a.lastSeq()
                    + " does not follow event " + lastSeq, null, null);
            return;
        }
        lastSeq = a.lastSeq();
        lastHash = ascii(a.lastHash());
    }

    /**
     * Asks for the chain's state right after event {@code seq}: its hash and the Merkle frontier
     * there, as retention needs them to sign an anchor. Needs a checkpoint anchor covering {@code seq}.
     */
    public void captureAt(long seq) {
        this.captureSeq = seq;
    }

    /** The state asked for by {@link #captureAt}, once the verifier has passed that event. */
    public Optional<Position> captured() {
        return Optional.ofNullable(captured);
    }

    /**
     * After {@link #finish} and {@link #result}: where the chain ended, for a later pass to
     * {@linkplain #resume} from. Empty unless this pass followed the tail over at least one event and
     * found nothing wrong.
     */
    public Optional<Position> position() {
        if (!followTail || tampered > 0 || junctionPending || lastSeq == 0 || frontier.size() != lastSeq) {
            return Optional.empty();
        }
        return Optional.of(new Position(lastSeq, text(lastHash), frontier.hexRoots()));
    }

    public void accept(StoredEvent e) {
        check(e.seq(), ascii(e.prevHash()), ascii(e.hash()), () -> ascii(CanonicalEvent.hash(e)));
    }

    /**
     * The same checks for a row read as bytes, without a string per column: what verifying a long
     * chain runs once per event.
     */
    public void accept(EventRow e) {
        if (hasher == null) {
            hasher = new CanonicalHasher(chain);
        }
        check(e.seq(), e.prevHash(), e.hash(), () -> hasher.hexHash(e));
    }

    /** Hashes are their lowercase hex digits as ASCII bytes; the own hash is re-computed only when needed. */
    private void check(long seq, byte[] prevHash, byte[] hash, Supplier<byte[]> recompute) {
        if (junctionPending) {
            junctionPending = false;
            if (seq == lastSeq && same(hash, lastHash)) {
                return;
            }
            if (seq == lastSeq) {
                mark(seq, "event " + seq + ", where the last verification ended, has changed", text(lastHash),
                        text(hash));
                return;
            }
            junctionGone();
        }
        applyRetention();
        events++;
        String problem = null;
        byte[] want = null;
        byte[] got = null;
        long at = seq;
        if (seq != lastSeq + 1) {
            problem = "sequence break: expected event " + (lastSeq + 1) + ", found " + seq;
            at = lastSeq + 1;
        } else if (!same(prevHash, lastHash)) {
            problem = "broken link to the previous event";
            want = lastHash;
            got = prevHash;
        } else {
            byte[] recomputed = recompute.get();
            if (!same(recomputed, hash)) {
                problem = "hash mismatch";
                want = recomputed;
                got = hash;
            }
        }
        if (problem != null) {
            tampered++;
            if (firstBad == null) {
                firstBad = at;
                reason = problem;
                expected = text(want);
                actual = text(got);
            }
        }
        lastSeq = seq;
        lastHash = keep(hash, lastHash);
        if (frontier != null && (followTail || frontier.size() < anchorSize)) {
            checkAgainstAnchor(hash);
        }
        capture();
    }

    /** Steps over every dropped range that starts right after the last event seen. */
    private void applyRetention() {
        while (!retention.isEmpty() && retention.peekFirst().firstSeq() == lastSeq + 1) {
            RetentionAnchor a = retention.removeFirst();
            lastSeq = a.lastSeq();
            lastHash = ascii(a.lastHash());
            if (!checkpointed) {
                mark(a.firstSeq(), "events " + a.firstSeq() + " to " + a.lastSeq() + " were dropped by retention "
                        + "but no signed checkpoint covers them", null, null);
            } else if (a.lastSeq() > anchorSize) {
                mark(a.firstSeq(), "the newest signed checkpoint (" + anchorSize + " events) is older than the "
                        + "retention of events up to " + a.lastSeq(), null, null);
            } else {
                frontier = a.resumeFrontier();
                if (frontier.size() == anchorSize) {
                    String root = HexFormat.of().formatHex(frontier.root());
                    if (!same(root, anchorRoot)) {
                        mark(a.firstSeq(), "the retention anchor of events " + a.firstSeq() + " to " + a.lastSeq()
                                + " does not match the signed checkpoint of that size", anchorRoot, root);
                    }
                }
            }
            capture();
        }
    }

    private void capture() {
        if (captured == null && captureSeq == lastSeq && frontier != null && frontier.size() == lastSeq) {
            captured = new Position(lastSeq, text(lastHash), frontier.hexRoots());
        }
    }
    private void checkAgainstAnchor(byte[] eventHash) {
        byte[] leaf = new byte[LEAF_BYTES];
        if (!CanonicalHasher.unhex(eventHash, leaf)) {
            leaf = new byte[0];
        }
        frontier.append(leaf);
        if (frontier.size() == anchorSize) {
            compareWithAnchor(1);
        }
    }

    /** The frontier has reached the checkpoint's size: its root must be the signed one. */
    private void compareWithAnchor(long at) {
        String root = HexFormat.of().formatHex(frontier.root());
        if (!same(root, anchorRoot)) {
            mark(at, "the first " + anchorSize + " events no longer match the signed checkpoint of that size",
                    anchorRoot, root);
        }
    }

    /** The event a resumed verifier started at was not the first one read: deleted, or the chain cut before it. */
    private void junctionGone() {
        mark(lastSeq, "event " + lastSeq + ", where the last verification ended, is gone", text(lastHash), null);
    }

    private void mark(long at, String problem, String want, String got) {
        tampered++;
        if (firstBad == null) {
            firstBad = at;
            reason = problem;
            expected = want;
            actual = got;
        }
    }

    /**
     * Checks the chain's end against the recorded head: fewer events means the newest were
     * deleted (the first missing one is named); more means rows were slipped in after the head
     * (the first of them is named).
     */
    public void finish(long headSeq, String headHash) {
        if (junctionPending) {
            junctionPending = false;
            junctionGone();
        }
        applyRetention();
        if (!retention.isEmpty()) {
            RetentionAnchor a = retention.peekFirst();
            mark(a.firstSeq(), "a retention anchor for events " + a.firstSeq() + " to " + a.lastSeq()
                    + " does not fit the chain (its events are not missing, or it overlaps another)", null, null);
            retention.clear();
        }
        boolean shortTail = lastSeq < headSeq;
        boolean beyond = lastSeq > headSeq;
        boolean differentHead = lastSeq == headSeq && headSeq > 0 && !same(ascii(headHash), lastHash);
        if (shortTail || beyond || differentHead) {
            tampered++;
            if (firstBad == null) {
                firstBad = beyond ? headSeq + 1 : shortTail ? lastSeq + 1 : lastSeq;
                reason = beyond ? "event " + (headSeq + 1) + " lies beyond the chain head (event " + headSeq + ")"
                        : shortTail ? "chain ends at event " + lastSeq + " but its head records event " + headSeq
                        : "the last event's hash differs from the chain head";
                expected = headHash;
                actual = text(lastHash);
            }
        }
    }

    /** After {@link #finish}: a chain shorter than its last signed checkpoint lost its newest events. */
    private void checkAnchorReached() {
        if (frontier != null && frontier.size() < anchorSize && !anchorShortReported) {
            anchorShortReported = true;
            mark(frontier.size() + 1, "chain ends at event " + frontier.size() + " but a signed checkpoint covers "
                    + anchorSize + " events", anchorRoot, null);
        }
    }

    public ChainVerification result() {
        checkAnchorReached();
        return new ChainVerification(chain, tampered == 0, events, tampered, firstBad, expected, actual, reason);
    }

    /** The chain's state right after event {@code seq}: its hash and Merkle frontier (hex, largest subtree first). */
    public record Position(long seq, String hash, List<String> frontier) {
    }

    private static boolean same(String a, String b) {
        return same(ascii(a), ascii(b));
    }

    private static boolean same(byte[] a, byte[] b) {
        if (a == null || b == null) {
            return a == b;
        }
        return MessageDigest.isEqual(a, b);
    }

    private static byte[] ascii(String s) {
        return s == null ? null : s.getBytes(StandardCharsets.US_ASCII);
    }

    private static String text(byte[] b) {
        return b == null ? null : new String(b, StandardCharsets.US_ASCII);
    }

    /** A copy of {@code hash} that outlives the row, in {@code into} when it has the room. */
    private static byte[] keep(byte[] hash, byte[] into) {
        if (hash == null) {
            return null;
        }
        byte[] kept = into != null && into.length == hash.length ? into : new byte[hash.length];
        System.arraycopy(hash, 0, kept, 0, hash.length);
        return kept;
    }
}
