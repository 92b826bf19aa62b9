package sh.velocity.audit.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import sh.velocity.audit.api.ChainVerification;
import sh.velocity.audit.domain.merkle.MerkleFrontier;

/** A chain checked against a signed checkpoint: truncation with a rewritten head is caught. */
class ChainAnchorTest {

    private static List<StoredEvent> chain(int n) {
        List<StoredEvent> events = new ArrayList<>();
        String prev = CanonicalEvent.GENESIS_HASH;
        for (int i = 1; i <= n; i++) {
            StoredEvent unsigned = new StoredEvent("acme/a/b/c/v1", i, "alice", "record.create", "r/" + i, "success",
                    null, "req-" + i, "127.0.0.1", "2026-11-22T08:00:00.000000Z", "{}", prev, null);
            String hash = CanonicalEvent.hash(unsigned);
            events.add(new StoredEvent(unsigned.chain(), i, unsigned.actor(), unsigned.operation(), unsigned.resource(),
                    unsigned.result(), null, unsigned.requestId(), unsigned.sourceIp(), unsigned.createdAt(),
                    unsigned.payload(), prev, hash));
            prev = hash;
        }
        return events;
    }

    private static String root(List<StoredEvent> events, int size) {
        MerkleFrontier f = MerkleFrontier.empty();
        events.subList(0, size).forEach(e -> f.append(HexFormat.of().parseHex(e.hash())));
        return HexFormat.of().formatHex(f.root());
    }

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
