package sh.velocity.audit.domain.merkle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * Pins the signed checkpoint format: an outside verifier re-implements these bytes, so any change
 * to them must break this test and be made as a new format version.
 */
class TreeHeadTest {

    static final String CHAIN = "acme/supply-chain/procurement/purchase-order/v1";
    static final byte[] ROOT = HexFormat.of().parseHex(
            "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");

    static TreeHead example() {
        return new TreeHead(CHAIN, 42, ROOT, Instant.parse("2026-03-04T10:15:30.123Z"));
    }

    @Test
    void signedBytesFollowTheDocumentedFormat() {
        assertEquals("""
                velocity-checkpoint-v1
                acme/supply-chain/procurement/purchase-order/v1
                42
                000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f
                2026-03-04T10:15:30.123Z
                """, new String(example().signedBytes(), StandardCharsets.UTF_8));
    }

    @Test
    void theTimestampAlwaysHasMillisecondsAndSubMillisecondsAreDropped() {
        TreeHead whole = new TreeHead("platform", 0, ROOT, Instant.parse("2026-01-01T00:00:00Z"));
        TreeHead fine = new TreeHead("platform", 0, ROOT, Instant.parse("2026-01-01T00:00:00.000999999Z"));
        assertEquals("velocity-checkpoint-v1\nplatform\n0\n" + HexFormat.of().formatHex(ROOT)
                + "\n2026-01-01T00:00:00.000Z\n", new String(whole.signedBytes(), StandardCharsets.UTF_8));
        assertEquals(whole, fine);
        assertEquals(Instant.parse("2026-01-01T00:00:00Z"), fine.timestamp());
    }

    @Test
    void theChainNameIsEncodedAsUtf8() {
        byte[] bytes = new TreeHead("zo\u00eb", 1, ROOT, Instant.EPOCH).signedBytes();
        int nameStart = "velocity-checkpoint-v1\n".length();
        assertEquals("7a6fc3ab0a", HexFormat.of().formatHex(Arrays.copyOfRange(bytes, nameStart, nameStart + 5)));
    }

    @Test
    void refusesWhatWouldMakeTheEncodingAmbiguousOrMeaningless() {
        Instant now = Instant.parse("2026-03-04T10:15:30.123Z");
        assertThrows(IllegalArgumentException.class, () -> new TreeHead("a\n42", 1, ROOT, now));
        assertThrows(IllegalArgumentException.class, () -> new TreeHead("a\r", 1, ROOT, now));
        assertThrows(IllegalArgumentException.class, () -> new TreeHead("a\uD800", 1, ROOT, now));
        assertThrows(IllegalArgumentException.class, () -> new TreeHead(CHAIN, -1, ROOT, now));
        assertThrows(IllegalArgumentException.class, () -> new TreeHead(CHAIN, 1, new byte[31], now));
        Instant year10000 = Instant.parse("+10000-01-01T00:00:00Z");
        assertThrows(IllegalArgumentException.class, () -> new TreeHead(CHAIN, 1, ROOT, year10000));
        assertThrows(NullPointerException.class, () -> new TreeHead(null, 1, ROOT, now));
        assertThrows(NullPointerException.class, () -> new TreeHead(CHAIN, 1, null, now));
        assertThrows(NullPointerException.class, () -> new TreeHead(CHAIN, 1, ROOT, null));
    }

    @Test
    void equalityIsByValueAndTheRootCannotBeChangedFromOutside() {
        byte[] root = ROOT.clone();
        TreeHead head = new TreeHead(CHAIN, 42, root, Instant.parse("2026-03-04T10:15:30.123Z"));
        assertEquals(example(), head);
        assertEquals(example().hashCode(), head.hashCode());

        root[0] ^= 1;
        head.rootHash()[1] ^= 1;
        assertArrayEquals(ROOT, head.rootHash());
        assertEquals(example(), head);

        assertNotEquals(example(), new TreeHead(CHAIN, 42, root, head.timestamp()));
        assertNotEquals(example(), new TreeHead(CHAIN, 43, ROOT, head.timestamp()));
        assertNotEquals(example(), new TreeHead(CHAIN + "x", 42, ROOT, head.timestamp()));
        assertNotEquals(example(), new TreeHead(CHAIN, 42, ROOT, head.timestamp().plusMillis(1)));
    }
}
