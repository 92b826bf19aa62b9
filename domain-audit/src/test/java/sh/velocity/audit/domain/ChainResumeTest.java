package sh.velocity.audit.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static sh.velocity.audit.domain.TestChains.chain;
import static sh.velocity.audit.domain.TestChains.frontier;
import static sh.velocity.audit.domain.TestChains.root;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import sh.velocity.audit.api.ChainVerification;

/**
 * The monitor's incremental passes: a pass that followed the tail hands on where it ended, and the
 * next reads only the events since, starting with that one (unchanged), and still compares the
 * chain with a checkpoint signed meanwhile.
 */
class ChainResumeTest {

    private static final String CHAIN = TestChains.CHAIN;

    private static StoredEvent withHash(StoredEvent e, String prev, String hash) {
        return new StoredEvent(e.chain(), e.seq(), e.actor(), e.operation(), e.resource(), e.result(), e.failMode(),
                e.requestId(), e.sourceIp(), e.createdAt(), e.payload(), prev, hash);
    }

    /** A whole pass over the first {@code n} events, following the tail, against a checkpoint of {@code sealed}. */
    private static ChainVerifier.Position whole(List<StoredEvent> events, int n, int sealed) {
        ChainVerifier v = new ChainVerifier(CHAIN);
        v.anchor(sealed, root(events, sealed));
        v.followTail();
        events.subList(0, n).forEach(v::accept);
        v.finish(n, events.get(n - 1).hash());
        assertTrue(v.result().valid(), v.result().toString());
        return v.position().orElseThrow();
    }

    private static ChainVerifier resumed(ChainVerifier.Position from, List<StoredEvent> read, long headSeq,
                                         String headHash) {
        ChainVerifier v = ChainVerifier.resume(CHAIN, from);
        read.forEach(v::accept);
        v.finish(headSeq, headHash);
        return v;
    }

    @Test
    void aWholePassEndsWhereTheChainEndsWithTheFrontierThere() {
        List<StoredEvent> events = chain(10);
        ChainVerifier.Position at = whole(events, 10, 7);
        assertEquals(10, at.seq());
        assertEquals(events.get(9).hash(), at.hash());
        assertEquals(frontier(events, 10).hexRoots(), at.frontier());
    }

    @Test
    void theNextPassReadsOnlyTheNewEventsAndMeetsACheckpointSignedMeanwhile() {
        List<StoredEvent> events = chain(15);
        ChainVerifier.Position at = whole(events, 10, 7);
        ChainVerifier v = ChainVerifier.resume(CHAIN, at);
        v.anchor(13, root(events, 13));
        events.subList(9, 15).forEach(v::accept);
        v.finish(15, events.get(14).hash());
        ChainVerification r = v.result();
        assertTrue(r.valid(), r.toString());
        assertEquals(5, r.events());
        ChainVerifier.Position next = v.position().orElseThrow();
        assertEquals(15, next.seq());
        assertEquals(frontier(events, 15).hexRoots(), next.frontier());
    }

    @Test
    void aCheckpointThatNoLongerMatchesTheNewEventsIsReported() {
        List<StoredEvent> events = chain(15);
        ChainVerifier.Position at = whole(events, 10, 7);
        ChainVerifier v = ChainVerifier.resume(CHAIN, at);
        v.anchor(13, root(chain(13), 12));
        events.subList(9, 15).forEach(v::accept);
        v.finish(15, events.get(14).hash());
        assertFalse(v.result().valid());
        assertTrue(v.result().reason().contains("no longer match the signed checkpoint"), v.result().reason());
        assertTrue(v.position().isEmpty());
    }

    @Test
    void aCheckpointAtTheResumedEventIsComparedAtOnce() {
        List<StoredEvent> events = chain(10);
        ChainVerifier.Position at = whole(events, 10, 7);
        ChainVerifier good = ChainVerifier.resume(CHAIN, at);
        good.anchor(10, root(events, 10));
        events.subList(9, 10).forEach(good::accept);
        good.finish(10, events.get(9).hash());
        assertTrue(good.result().valid(), good.result().toString());

        ChainVerifier bad = ChainVerifier.resume(CHAIN, at);
        bad.anchor(10, "00".repeat(32));
        events.subList(9, 10).forEach(bad::accept);
        bad.finish(10, events.get(9).hash());
        assertFalse(bad.result().valid());
    }

    @Test
    void aCheckpointBeforeTheResumedEventIsTheCallersToCompare() {
        List<StoredEvent> events = chain(10);
        ChainVerifier v = ChainVerifier.resume(CHAIN, whole(events, 10, 7));
        assertThrows(IllegalArgumentException.class, () -> v.anchor(7, root(events, 7)));
    }

    @Test
    void theEventThePassEndedAtMustBeUnchanged() {
        List<StoredEvent> events = chain(12);
        ChainVerifier.Position at = whole(events, 10, 7);
        List<StoredEvent> read = new ArrayList<>(events.subList(9, 12));
        StoredEvent tenth = read.get(0);
        read.set(0, withHash(tenth, tenth.prevHash(), "ab".repeat(32)));
        ChainVerification r = resumed(at, read, 12, events.get(11).hash()).result();
        assertFalse(r.valid());
        assertEquals(10L, r.firstBadEvent());
        assertTrue(r.reason().contains("has changed"), r.reason());
        assertEquals(at.hash(), r.expected());
    }

    @Test
    void theEventThePassEndedAtMustStillBeThere() {
        List<StoredEvent> events = chain(12);
        ChainVerifier.Position at = whole(events, 10, 7);
        ChainVerification gone = resumed(at, events.subList(10, 12), 12, events.get(11).hash()).result();
        assertFalse(gone.valid());
        assertEquals(10L, gone.firstBadEvent());
        assertTrue(gone.reason().contains("is gone"), gone.reason());

        ChainVerification nothing = resumed(at, List.of(), 8, events.get(7).hash()).result();
        assertFalse(nothing.valid());
        assertEquals(10L, nothing.firstBadEvent());
    }

    @Test
    void anEditedNewEventIsLocated() {
        List<StoredEvent> events = chain(14);
        ChainVerifier.Position at = whole(events, 10, 7);
        List<StoredEvent> read = new ArrayList<>(events.subList(9, 14));
        StoredEvent twelfth = read.get(2);
        read.set(2, new StoredEvent(CHAIN, 12, "mallory", twelfth.operation(), twelfth.resource(), twelfth.result(),
                null, twelfth.requestId(), twelfth.sourceIp(), twelfth.createdAt(), twelfth.payload(),
                twelfth.prevHash(), twelfth.hash()));
        ChainVerification r = resumed(at, read, 14, events.get(13).hash()).result();
        assertFalse(r.valid());
        assertEquals(12L, r.firstBadEvent());
        assertEquals("hash mismatch", r.reason());
    }

    @Test
    void newestEventsDeletedWithTheHeadRewrittenAreCaughtByTheCheckpoint() {
        List<StoredEvent> events = chain(15);
        ChainVerifier.Position at = whole(events, 10, 7);
        ChainVerifier v = ChainVerifier.resume(CHAIN, at);
        v.anchor(15, root(events, 15));
        events.subList(9, 13).forEach(v::accept);
        v.finish(13, events.get(12).hash());
        ChainVerification r = v.result();
        assertFalse(r.valid());
        assertEquals(14L, r.firstBadEvent());
        assertTrue(r.reason().contains("signed checkpoint covers 15 events"), r.reason());
    }

    @Test
    void onlyAPassThatFollowedTheTailAndFoundNothingWrongHandsOnAPosition() {
        List<StoredEvent> events = chain(5);
        ChainVerifier plain = new ChainVerifier(CHAIN);
        events.forEach(plain::accept);
        plain.finish(5, events.get(4).hash());
        assertTrue(plain.result().valid());
        assertTrue(plain.position().isEmpty());

        ChainVerifier empty = new ChainVerifier(CHAIN);
        empty.followTail();
        empty.finish(0, null);
        assertTrue(empty.result().valid());
        assertTrue(empty.position().isEmpty());

        ChainVerifier shortHead = new ChainVerifier(CHAIN);
        shortHead.followTail();
        events.forEach(shortHead::accept);
        shortHead.finish(6, "cd".repeat(32));
        assertTrue(shortHead.position().isEmpty());
    }
}
