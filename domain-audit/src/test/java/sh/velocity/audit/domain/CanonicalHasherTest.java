package sh.velocity.audit.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The byte-level encoder against {@link CanonicalEvent}, the reference the hashes PostgreSQL
 * computed were checked with (ChainVerifierTest): same hash for every kind of content.
 */
class CanonicalHasherTest {

    private static final String CHAIN = "acme/supply-chain/procurement/purchase-order/v1";
    private static final String PG_FIRST = "fe3a777128521b06c1cdf056f7b4a8d18b92169ddf82eb68a74b68e0c8e02724";

    private static StoredEvent event(String chain, long seq, String actor, String failMode, String requestId,
                                     String payload, String prev) {
        return new StoredEvent(chain, seq, actor, "record.create", chain + "/r", "denied", failMode, requestId,
                "10.0.0.7", "2026-03-04T10:15:31.000042Z", payload, prev, null);
    }

    private static String hex(CanonicalHasher h, StoredEvent e) {
        byte[] hex = h.hexHash(EventRow.of(e));
        return hex == null ? null : new String(hex, StandardCharsets.US_ASCII);
    }

    @Test
    void reproducesTheHashPostgresqlComputed() {
        StoredEvent first = new StoredEvent(CHAIN, 1, "bootstrap-admin", "record.create",
                CHAIN + "/5f0c6a58-3d1e-4b8e-9a51-2f4e8c7d9b10", "success", null, "trace-123", "127.0.0.1",
                "2026-03-04T10:15:30.123456Z",
                "{\"id\": \"5f0c6a58-3d1e-4b8e-9a51-2f4e8c7d9b10\", \"fields\": [\"po_number\", \"amount\", "
                        + "\"currency\", \"credit_card\"], \"version\": 1}",
                CanonicalEvent.GENESIS_HASH, PG_FIRST);
        assertEquals(PG_FIRST, hex(new CanonicalHasher(CHAIN), first));
    }

    @Test
    void agreesWithTheReferenceEncodingOnEveryKindOfContent() {
        String prev = PG_FIRST;
        String big = "{\"note\": \"" + "zoë ✓ 😀 ".repeat(400) + "\"}";
        List<StoredEvent> events = List.of(
                event(CHAIN, 2, "zoë", null, null, "{}", prev),
                event(CHAIN, 3, "", "", "", "{}", prev),
                event(CHAIN, 4, "名前", "missing permission; create:", "a;b:c", "{\"k\": \"é\"}", prev),
                event(CHAIN, 9_223_372_036_854_775_807L, "😀", null, "x", big, prev),
                event("c", 10, "alice", null, null, "{}", CanonicalEvent.GENESIS_HASH),
                event("ünïcode/chain", 1_000_000, "alice", null, null, big + big, prev.toUpperCase()));
        for (StoredEvent e : events) {
            CanonicalHasher hasher = new CanonicalHasher(e.chain());
            assertEquals(CanonicalEvent.hash(e), hex(hasher, e), e.toString());
            assertEquals(CanonicalEvent.hash(e), hex(hasher, e), "the reused buffers start clean: " + e);
        }
    }

    @Test
    void aPrevHashThatIsNotSixtyFourHexDigitsMatchesNothing() {
        CanonicalHasher hasher = new CanonicalHasher(CHAIN);
        assertNull(hex(hasher, event(CHAIN, 2, "a", null, null, "{}", "x")));
        assertNull(hex(hasher, event(CHAIN, 2, "a", null, null, "{}", PG_FIRST.substring(2))));
        assertNull(hex(hasher, event(CHAIN, 2, "a", null, null, "{}", "g" + PG_FIRST.substring(1))));
        assertNull(hex(hasher, event(CHAIN, 2, "a", null, null, "{}", null)));
    }
}
