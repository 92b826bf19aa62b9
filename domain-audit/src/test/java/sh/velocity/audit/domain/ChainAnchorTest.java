package sh.velocity.audit.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static sh.velocity.audit.domain.TestChains.chain;
import static sh.velocity.audit.domain.TestChains.root;

import java.util.List;
import org.junit.jupiter.api.Test;
import sh.velocity.audit.api.ChainVerification;

/** A chain checked against a signed checkpoint: truncation with a rewritten head is caught. */
class ChainAnchorTest {

    private static ChainVerification verify(List<StoredEvent> events, long headSeq, String headHash, int anchorSize,
                                            String anchorRoot) {
        ChainVerifier v = new ChainVerifier("acme/a/b/c/v1");
        v.anchor(anchorSize, anchorRoot);
        events.forEach(v::accept);
        v.finish(headSeq, headHash);
        return v.result();
    }

    @Test
    void aChainThatStillHoldsItsCheckpointVerifies() {
        List<StoredEvent> events = chain(10);
        ChainVerification r = verify(events, 10, events.get(9).hash(), 7, root(events, 7));
        assertTrue(r.valid(), r.toString());
    }

    @Test
    void deletingTheNewestEventsAndRewritingTheHeadIsCaughtByTheCheckpoint() {
        List<StoredEvent> events = chain(10);
        String anchor = root(events, 8);
        List<StoredEvent> truncated = events.subList(0, 6);
        ChainVerification r = verify(truncated, 6, truncated.get(5).hash(), 8, anchor);
        assertFalse(r.valid());
        assertEquals(7L, r.firstBadEvent());
        assertTrue(r.reason().contains("signed checkpoint covers 8 events"), r.reason());
        assertEquals(1, r.tampered());
    }

    @Test
    void aRootThatNoLongerMatchesIsReported() {
        List<StoredEvent> events = chain(5);
        ChainVerification r = verify(events, 5, events.get(4).hash(), 5, "00".repeat(32));
        assertFalse(r.valid());
        assertTrue(r.reason().contains("no longer match the signed checkpoint"), r.reason());
    }
}
