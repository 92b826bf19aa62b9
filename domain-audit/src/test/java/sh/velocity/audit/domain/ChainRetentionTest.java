package sh.velocity.audit.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static sh.velocity.audit.domain.TestChains.chain;
import static sh.velocity.audit.domain.TestChains.frontier;

import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import sh.velocity.audit.api.ChainVerification;
import sh.velocity.audit.domain.merkle.CheckpointSigner;
import sh.velocity.audit.domain.merkle.RetentionAnchor;

/** Ranges dropped by retention, bridged by anchors: what remains verifies, a misfit does not. */
class ChainRetentionTest {

    private static final String CHAIN = TestChains.CHAIN;

    private static RetentionAnchor anchor(List<StoredEvent> events, int first, int last) {
        return new RetentionAnchor(CHAIN, first, last, events.get(last - 1).hash(), frontier(events, last).hexRoots(),
                Instant.parse("2026-11-22T09:00:00Z"));
    }

    /** Keeps the events whose seq is not in any of the anchors, verifies against a checkpoint of {@code size}. */
    private static ChainVerification verify(List<StoredEvent> events, int checkpointSize, List<RetentionAnchor> anchors) {
        ChainVerifier v = new ChainVerifier(CHAIN);
        v.anchor(checkpointSize, HexFormat.of().formatHex(frontier(events, checkpointSize).root()));
        v.retentionAnchors(anchors);
        events.stream().filter(e -> anchors.stream().noneMatch(a -> e.seq() >= a.firstSeq() && e.seq() <= a.lastSeq()))
                .forEach(v::accept);
        StoredEvent last = events.get(events.size() - 1);
        v.finish(last.seq(), last.hash());
        return v.result();
    }

    @Test
    void aDroppedPrefixBridgedByItsAnchorVerifies() {
        List<StoredEvent> events = chain(20);
        ChainVerification r = verify(events, 20, List.of(anchor(events, 1, 7)));
        assertTrue(r.valid(), r.reason());
        assertEquals(13, r.events());
    }

    @Test
    void droppedRangesInTheMiddleAndBackToBackVerify() {
        List<StoredEvent> events = chain(40);
        assertTrue(verify(events, 33, List.of(anchor(events, 1, 5), anchor(events, 6, 12), anchor(events, 20, 31)))
                .valid());
    }

    @Test
    void aChainWhollyDroppedVerifiesAgainstItsHead() {
        List<StoredEvent> events = chain(9);
        ChainVerification r = verify(events, 9, List.of(anchor(events, 1, 9)));
        assertTrue(r.valid(), r.reason());
        assertEquals(0, r.events());
    }

    @Test
    void anAnchorWithAnotherHashBreaksTheLinkToTheNextEvent() {
        List<StoredEvent> events = chain(12);
        RetentionAnchor good = anchor(events, 1, 6);
        RetentionAnchor forged = new RetentionAnchor(CHAIN, 1, 6, events.get(4).hash(), good.frontier(), good.signedAt());
        ChainVerification r = verify(events, 12, List.of(forged));
        assertFalse(r.valid());
        assertEquals(7L, r.firstBadEvent());
    }

    @Test
    void anAnchorWithAnotherFrontierNoLongerMatchesTheCheckpoint() {
        List<StoredEvent> events = chain(12);
        RetentionAnchor good = anchor(events, 1, 6);
        RetentionAnchor forged = new RetentionAnchor(CHAIN, 1, 6, good.lastHash(), frontier(chain(7).subList(0, 7)
                .stream().map(e -> new StoredEvent(e.chain(), e.seq(), "mallory", e.operation(), e.resource(), e.result(),
                        null, e.requestId(), e.sourceIp(), e.createdAt(), e.payload(), e.prevHash(),
                        "ab".repeat(32))).toList(), 6).hexRoots(), good.signedAt());
        assertFalse(verify(events, 12, List.of(forged)).valid());
    }

    @Test
    void anAnchorOverEventsThatStillExistIsReported() {
        List<StoredEvent> events = chain(10);
        ChainVerifier v = new ChainVerifier(CHAIN);
        v.anchor(10, HexFormat.of().formatHex(frontier(events, 10).root()));
        v.retentionAnchors(List.of(anchor(events, 4, 6)));
        events.forEach(v::accept);
        v.finish(10, events.get(9).hash());
        ChainVerification r = v.result();
        assertFalse(r.valid());
        assertEquals(7L, r.firstBadEvent(), "after the anchor the chain expects event 7 and finds event 4 again");
    }

    @Test
    void aDeletedRangeWithoutAnAnchorIsStillAGap() {
        List<StoredEvent> events = chain(10);
        ChainVerifier v = new ChainVerifier(CHAIN);
        v.anchor(10, HexFormat.of().formatHex(frontier(events, 10).root()));
        v.retentionAnchors(List.of(anchor(events, 1, 3)));
        events.stream().filter(e -> e.seq() > 5).forEach(v::accept);
        v.finish(10, events.get(9).hash());
        assertEquals(4L, v.result().firstBadEvent());
    }

    @Test
    void capturesTheStateRetentionSigns() {
        List<StoredEvent> events = chain(16);
        ChainVerifier v = new ChainVerifier(CHAIN);
        v.anchor(16, HexFormat.of().formatHex(frontier(events, 16).root()));
        v.captureAt(11);
        events.forEach(v::accept);
        v.finish(16, events.get(15).hash());
        ChainVerifier.Position c = v.captured().orElseThrow();
        assertEquals(events.get(10).hash(), c.hash());
        assertEquals(frontier(events, 11).hexRoots(), c.frontier());
    }

    @Test
    void anchorsAreSignedOverEveryField() {
        List<StoredEvent> events = chain(5);
        CheckpointSigner signer = CheckpointSigner.generate();
        RetentionAnchor a = anchor(events, 1, 5);
        byte[] sig = signer.signAnchor(a);
        assertTrue(signer.verifier().verifyAnchor(a, sig));
        assertFalse(signer.verifier().verifyAnchor(new RetentionAnchor(CHAIN, 2, 5, a.lastHash(), a.frontier(),
                a.signedAt()), sig));
        assertFalse(signer.verifier().verifyAnchor(new RetentionAnchor(CHAIN, 1, 5, a.lastHash(), a.frontier(),
                a.signedAt().plusMillis(1)), sig));
        assertThrows(IllegalArgumentException.class, () -> new RetentionAnchor(CHAIN, 1, 5, a.lastHash(),
                List.of(a.frontier().get(0)), a.signedAt()));
    }
}
