package sh.velocity.audit.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import sh.velocity.audit.api.ChainVerification;

/**
 * The Java verifier against hashes PostgreSQL computed (docs/audit-format.md §7), and each kind
 * of tampering it must locate.
 */
class ChainVerifierTest {

    private static final String CHAIN = "acme/supply-chain/procurement/purchase-order/v1";
    private static final String FIRST = "fe3a777128521b06c1cdf056f7b4a8d18b92169ddf82eb68a74b68e0c8e02724";
    private static final String SECOND = "1233f36ba4bef0cebd116d6b5e740022eb4d57eeb9e3391ff72cc541a56f316b";

    private static StoredEvent first() {
        return new StoredEvent(CHAIN, 1, "bootstrap-admin", "record.create",
                CHAIN + "/5f0c6a58-3d1e-4b8e-9a51-2f4e8c7d9b10", "success", null, "trace-123", "127.0.0.1",
                "2026-03-04T10:15:30.123456Z",
                "{\"id\": \"5f0c6a58-3d1e-4b8e-9a51-2f4e8c7d9b10\", \"fields\": [\"po_number\", \"amount\", "
                        + "\"currency\", \"credit_card\"], \"version\": 1}",
                CanonicalEvent.GENESIS_HASH, FIRST);
    }

    private static StoredEvent second() {
        return new StoredEvent(CHAIN, 2, "reader-ci", "record.create", CHAIN, "denied", "missing permission create",
                "c0ffee", "10.0.0.7", "2026-03-04T10:15:31.000042Z", "{}", FIRST, SECOND);
    }

    @Test
    void reproducesTheHashesPostgresqlComputed() {
        assertEquals(FIRST, CanonicalEvent.hash(first()));
        assertEquals(SECOND, CanonicalEvent.hash(second()));
        assertTrue(verify(List.of(first(), second()), 2, SECOND).valid());
    }

    @Test
    void locatesAnEditedPayload() {
        StoredEvent edited = new StoredEvent(CHAIN, 1, "bootstrap-admin", "record.create", first().resource(),
                "success", null, "trace-123", "127.0.0.1", first().createdAt(), "{\"version\": 2}",
                CanonicalEvent.GENESIS_HASH, FIRST);
        ChainVerification v = verify(List.of(edited, second()), 2, SECOND);
        assertFalse(v.valid());
        assertEquals(1L, v.firstBadEvent());
        assertEquals(1, v.tampered());
        assertEquals(FIRST, v.actual());
    }

    @Test
    void locatesADeletedEventAsTheMissingSequenceNumber() {
        ChainVerification v = verify(List.of(second()), 2, SECOND);
        assertFalse(v.valid());
        assertEquals(1L, v.firstBadEvent());
    }

    @Test
    void locatesSwappedEvents() {
        ChainVerification v = verify(List.of(second(), first()), 2, SECOND);
        assertFalse(v.valid());
        assertEquals(1L, v.firstBadEvent());
    }

    @Test
    void noticesDeletedNewestEventsAgainstTheHead() {
        ChainVerification v = verify(List.of(first()), 2, SECOND);
        assertFalse(v.valid());
        assertEquals(2L, v.firstBadEvent());
    }

    @Test
    void noticesARowSlippedInBeyondTheHead() {
        ChainVerification v = verify(List.of(first(), second()), 1, FIRST);
        assertFalse(v.valid());
        assertEquals(2L, v.firstBadEvent());
    }

    @Test
    void lengthPrefixesCountUtf8Octets() {
        StoredEvent e = new StoredEvent("c", 1, "zoë", "op", "r", "success", null, null, null,
                "2026-01-01T00:00:00.000000Z", "{}", CanonicalEvent.GENESIS_HASH, "x");
        assertTrue(CanonicalEvent.encode(e).contains(";4:zoë;"), CanonicalEvent.encode(e));
        assertTrue(CanonicalEvent.encode(e).contains(";-;-;-;"), "NULLs are '-;'");
    }

    private static ChainVerification verify(List<StoredEvent> events, long headSeq, String headHash) {
        ChainVerifier verifier = new ChainVerifier(CHAIN);
        new ArrayList<>(events).forEach(verifier::accept);
        verifier.finish(headSeq, headHash);
        return verifier.result();
    }
}
