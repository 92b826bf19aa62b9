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

/**
 * Rows read as bytes ({@link ChainVerifier#accept(EventRow)}, what the server runs) and events as
 * strings ({@link ChainVerifier#accept(StoredEvent)}) give the very same verdict, field for field,
 * for an intact chain and for each kind of tampering.
 */
class ChainVerifierRowsTest {

    private static final String CHAIN = "acme/a/b/c/v1";

    private static StoredEvent event(long seq, String payload, String prev, String hash) {
        return new StoredEvent(CHAIN, seq, "zoë", "record.create", "r/" + seq, "success", null, "req-" + seq,
                "127.0.0.1", "2026-11-22T08:00:00.000001Z", payload, prev, hash);
    }

    private static List<StoredEvent> chain(int n) {
        List<StoredEvent> events = new ArrayList<>();
        String prev = CanonicalEvent.GENESIS_HASH;
        for (int i = 1; i <= n; i++) {
            String hash = CanonicalEvent.hash(event(i, "{\"n\": " + i + "}", prev, null));
            events.add(event(i, "{\"n\": " + i + "}", prev, hash));
            prev = hash;
        }
        return events;
    }

    private static String root(List<StoredEvent> events, int size) {
        MerkleFrontier f = MerkleFrontier.empty();
        events.subList(0, size).forEach(e -> f.append(HexFormat.of().parseHex(e.hash())));
        return HexFormat.of().formatHex(f.root());
    }

    /** Both paths over the same events; asserts they agree and returns the verdict. */
    private static ChainVerification verify(List<StoredEvent> events, long headSeq, String headHash, long anchorSize,
                                            String anchorRoot) {
        ChainVerifier strings = new ChainVerifier(CHAIN);
        ChainVerifier rows = new ChainVerifier(CHAIN);
        if (anchorSize > 0) {
            strings.anchor(anchorSize, anchorRoot);
            rows.anchor(anchorSize, anchorRoot);
        }
        for (StoredEvent e : events) {
            strings.accept(e);
            rows.accept(EventRow.of(e));
        }
        strings.finish(headSeq, headHash);
        rows.finish(headSeq, headHash);
        assertEquals(strings.result(), rows.result());
        return rows.result();
    }

    private static ChainVerification verify(List<StoredEvent> events, long headSeq, String headHash) {
        return verify(events, headSeq, headHash, 0, null);
    }

    @Test
    void anIntactChainVerifiesWithAndWithoutItsCheckpoint() {
        List<StoredEvent> events = chain(9);
        assertTrue(verify(events, 9, events.get(8).hash()).valid());
        assertTrue(verify(events, 9, events.get(8).hash(), 9, root(events, 9)).valid());
        assertTrue(verify(events, 9, events.get(8).hash(), 5, root(events, 5)).valid());
    }

    @Test
    void anEditedPayloadIsAHashMismatchWithBothHashesNamed() {
        List<StoredEvent> events = new ArrayList<>(chain(5));
        StoredEvent e = events.get(2);
        events.set(2, event(3, "{\"n\": 33}", e.prevHash(), e.hash()));
        ChainVerification v = verify(events, 5, events.get(4).hash());
        assertFalse(v.valid());
        assertEquals(3L, v.firstBadEvent());
        assertEquals("hash mismatch", v.reason());
        assertEquals(e.hash(), v.actual());
    }

    @Test
    void aRelinkedEventIsABrokenLink() {
        List<StoredEvent> events = new ArrayList<>(chain(5));
        String otherPrev = "ab".repeat(32);
        events.set(3, event(4, "{\"n\": 4}", otherPrev, CanonicalEvent.hash(event(4, "{\"n\": 4}", otherPrev, null))));
        ChainVerification v = verify(events, 5, events.get(4).hash());
        assertEquals(4L, v.firstBadEvent());
        assertEquals("broken link to the previous event", v.reason());
        assertEquals(events.get(2).hash(), v.expected());
        assertEquals(otherPrev, v.actual());
    }

    @Test
    void deletedSwappedAndSlippedInEventsAreLocatedAlike() {
        List<StoredEvent> events = chain(6);
        List<StoredEvent> gap = new ArrayList<>(events);
        gap.remove(2);
        assertEquals(3L, verify(gap, 6, events.get(5).hash()).firstBadEvent());
        List<StoredEvent> swapped = new ArrayList<>(events);
        swapped.set(1, events.get(2));
        swapped.set(2, events.get(1));
        assertEquals(2L, verify(swapped, 6, events.get(5).hash()).firstBadEvent());
        assertEquals(6L, verify(events, 5, events.get(4).hash()).firstBadEvent());
        assertEquals(6L, verify(events.subList(0, 5), 6, events.get(5).hash()).firstBadEvent());
        assertEquals("the last event's hash differs from the chain head",
                verify(events, 6, "cd".repeat(32)).reason());
    }

    @Test
    void checkpointsCatchTruncationAndRewrittenEventsAlike() {
        List<StoredEvent> events = chain(10);
        ChainVerification truncated = verify(events.subList(0, 6), 6, events.get(5).hash(), 8, root(events, 8));
        assertEquals(7L, truncated.firstBadEvent());
        ChainVerification rewritten = verify(events, 10, events.get(9).hash(), 10, "00".repeat(32));
        assertTrue(rewritten.reason().contains("no longer match the signed checkpoint"), rewritten.reason());
    }

    @Test
    void malformedStoredHashesAreReportedNotThrown() {
        List<StoredEvent> events = new ArrayList<>(chain(3));
        events.set(1, event(2, "{\"n\": 2}", events.get(0).hash(), "not-hex"));
        ChainVerification v = verify(events, 3, events.get(2).hash(), 3, root(chain(3), 3));
        assertFalse(v.valid());
        assertEquals(2L, v.firstBadEvent());
        assertEquals("not-hex", v.actual());
    }
}
