package sh.velocity.audit.domain;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import sh.velocity.audit.domain.merkle.MerkleFrontier;

/** Well-formed chains for the verifier's tests: events 1 to n of one chain, each linked to and hashed like the server's. */
final class TestChains {

    static final String CHAIN = "acme/a/b/c/v1";

    private TestChains() {
    }

    /** Record creates by alice, one second apart in name only (one timestamp), payload {@code {}}. */
    static List<StoredEvent> chain(int n) {
        List<StoredEvent> events = new ArrayList<>();
        String prev = CanonicalEvent.GENESIS_HASH;
        for (int i = 1; i <= n; i++) {
            StoredEvent unsigned = new StoredEvent(CHAIN, i, "alice", "record.create", "r/" + i, "success", null,
                    "req-" + i, "127.0.0.1", "2026-11-22T08:00:00.000000Z", "{}", prev, null);
            String hash = CanonicalEvent.hash(unsigned);
            events.add(new StoredEvent(CHAIN, i, "alice", "record.create", "r/" + i, "success", null, "req-" + i,
                    "127.0.0.1", unsigned.createdAt(), "{}", prev, hash));
            prev = hash;
        }
        return events;
    }

    /** The Merkle tree of the first {@code size} events' stored hashes. */
    static MerkleFrontier frontier(List<StoredEvent> events, int size) {
        MerkleFrontier f = MerkleFrontier.empty();
        events.subList(0, size).forEach(e -> f.append(HexFormat.of().parseHex(e.hash())));
        return f;
    }

    /** Its root, hex: what a checkpoint of {@code size} events signs. */
    static String root(List<StoredEvent> events, int size) {
        return HexFormat.of().formatHex(frontier(events, size).root());
    }
}
