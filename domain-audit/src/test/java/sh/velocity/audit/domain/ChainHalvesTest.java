package sh.velocity.audit.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import sh.velocity.audit.api.ChainVerification;
import sh.velocity.audit.domain.merkle.MerkleFrontier;

/**
 * A chain read as two halves split at RFC 9162's split point of its checkpoint: a chain that holds
 * verifies, with the same count a single pass gives; anything a single pass would report leaves the
 * answer to it (empty).
 */
class ChainHalvesTest {

    private static final String CHAIN = TestChains.CHAIN;

    private static List<EventRow> chain(int n) {
        return TestChains.chain(n).stream().map(EventRow::of).toList();
    }

    private static String hash(EventRow e) {
        return new String(e.hash(), java.nio.charset.StandardCharsets.US_ASCII);
    }

    private static String root(List<EventRow> events, int size) {
        MerkleFrontier f = MerkleFrontier.empty();
        events.subList(0, size).forEach(e -> f.append(HexFormat.of().parseHex(hash(e))));
        return HexFormat.of().formatHex(f.root());
    }

    /** Reads the events as the two connections would: up to the split point, and after it. */
    private static Optional<ChainVerification> halves(List<EventRow> events, int treeSize, String root,
                                                      long headSeq, String headHash) {
        long split = ChainHalves.splitPoint(treeSize);
        String atSplit = events.stream().filter(e -> e.seq() == split).findFirst().map(ChainHalvesTest::hash)
                .orElse(null);
        ChainHalves h = new ChainHalves(CHAIN, treeSize, root, atSplit);
        events.stream().filter(e -> e.seq() <= split).forEach(h.first());
        events.stream().filter(e -> e.seq() > split).forEach(h.second());
        return h.result(headSeq, headHash);
    }

    @Test
    void theSplitPointIsTheLargestPowerOfTwoBelowTheTreeSize() {
        assertEquals(1, ChainHalves.splitPoint(2));
        assertEquals(4, ChainHalves.splitPoint(5));
        assertEquals(4, ChainHalves.splitPoint(8));
        assertEquals(524_288, ChainHalves.splitPoint(1_000_000));
    }

    @Test
    void aChainThatHoldsVerifiesInHalvesWithEveryEventCounted() {
        List<EventRow> events = chain(23);
        for (int size : new int[] {2, 7, 8, 9, 16, 20, 23}) {
            Optional<ChainVerification> r = halves(events, size, root(events, size), 23, hash(events.get(22)));
            assertTrue(r.isPresent() && r.get().valid(), "checkpoint of " + size + ": " + r);
            assertEquals(23, r.get().events());
        }
    }

    @Test
    void aWrongRootAHeadElsewhereOrAnEditedEventLeaveItToOnePass() {
        List<EventRow> events = chain(20);
        String head = hash(events.get(19));
        assertTrue(halves(events, 18, root(events, 17), 20, head).isEmpty(), "root of another size");
        assertTrue(halves(events, 18, root(events, 18), 21, head).isEmpty(), "head beyond the events");

        for (int edited : new int[] {3, 16, 17, 19}) {
            List<EventRow> tampered = new ArrayList<>(events);
            EventRow e = tampered.get(edited - 1);
            tampered.set(edited - 1, new EventRow(e.seq(), "mallory".getBytes(), e.operation(), e.resource(),
                    e.result(), e.failMode(), e.requestId(), e.sourceIp(), e.createdAt(), e.payload(), e.prevHash(),
                    e.hash()));
            assertTrue(halves(tampered, 18, root(events, 18), 20, head).isEmpty(), "event " + edited + " edited");
        }
    }

    @Test
    void aMissingEventOrTailLeavesItToOnePass() {
        List<EventRow> events = chain(20);
        String head = hash(events.get(19));
        for (int gone : new int[] {1, 16, 17, 18}) {
            List<EventRow> fewer = new ArrayList<>(events);
            fewer.remove(gone - 1);
            assertTrue(halves(fewer, 18, root(events, 18), 20, head).isEmpty(), "event " + gone + " deleted");
        }
        List<EventRow> truncated = events.subList(0, 17);
        assertTrue(halves(truncated, 18, root(events, 18), 17, hash(events.get(16))).isEmpty(),
                "newest events deleted with the head moved back, under the checkpoint");
    }
}
