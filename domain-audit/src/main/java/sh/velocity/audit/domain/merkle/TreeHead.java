package sh.velocity.audit.domain.merkle;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A checkpoint's content: the chain {@code chain} had {@code treeSize} events at {@code timestamp},
 * and the RFC 9162 tree of their hashes has root {@code rootHash}.
 *
 * <p>{@link #signedBytes()} is the exact message signed, specified so that an outside verifier can
 * rebuild it from the four values (it is not parsed back, so each part only has to be unambiguous):
 *
 * <pre>
 * "velocity-checkpoint-v1\n"
 * chain "\n"                       (UTF-8; contains no LF or CR)
 * decimal(treeSize) "\n"           (no sign, no leading zeros)
 * lowercase-hex(rootHash) "\n"     (64 characters)
 * timestamp "\n"                   (UTC, always milliseconds: yyyy-MM-ddTHH:mm:ss.SSSZ)
 * </pre>
 *
 * <p>Invariants: the chain has no line break and is well-formed UTF-16 (an unpaired surrogate would
 * encode to the same bytes as another chain name); the size is not negative; the root is 32 bytes
 * and never shared with the caller; the timestamp is truncated to milliseconds, so the record equals
 * what was signed, and lies in years 0000 to 9999, so its text always has the same shape.
 */
public record TreeHead(String chain, long treeSize, byte[] rootHash, Instant timestamp) {

    private static final String FORMAT_LINE = "velocity-checkpoint-v1";
    private static final HexFormat HEX = HexFormat.of();
    private static final DateTimeFormatter UTC_MILLIS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final Instant EARLIEST = Instant.parse("0000-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999Z");

    public TreeHead {
        Objects.requireNonNull(chain, "chain");
        Objects.requireNonNull(rootHash, "rootHash");
        Objects.requireNonNull(timestamp, "timestamp");
        if (chain.indexOf('\n') >= 0 || chain.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("a checkpoint's chain name must not contain a line break");
        }
        if (!StandardCharsets.UTF_8.newEncoder().canEncode(chain)) {
            throw new IllegalArgumentException("a checkpoint's chain name must be valid Unicode");
        }
        if (treeSize < 0) {
            throw new IllegalArgumentException("a tree cannot have " + treeSize + " leaves");
        }
        if (rootHash.length != Sha256.LENGTH) {
            throw new IllegalArgumentException("a root hash has 32 bytes, not " + rootHash.length);
        }
        rootHash = rootHash.clone();
        timestamp = timestamp.truncatedTo(ChronoUnit.MILLIS);
        if (timestamp.isBefore(EARLIEST) || timestamp.isAfter(LATEST)) {
            throw new IllegalArgumentException("a checkpoint's timestamp must lie in the years 0000 to 9999");
        }
    }

    /** A copy: the head's root cannot be changed through it. */
    @Override
    public byte[] rootHash() {
        return rootHash.clone();
    }

    /** The message a checkpoint signature covers; see the class comment for its grammar. */
    public byte[] signedBytes() {
        String text = FORMAT_LINE + '\n'
                + chain + '\n'
                + treeSize + '\n'
                + HEX.formatHex(rootHash) + '\n'
                + UTC_MILLIS.format(timestamp) + '\n';
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TreeHead other
                && treeSize == other.treeSize
                && chain.equals(other.chain)
                && MessageDigest.isEqual(rootHash, other.rootHash)
                && timestamp.equals(other.timestamp);
    }

    @Override
    public int hashCode() {
        return Objects.hash(chain, treeSize, Arrays.hashCode(rootHash), timestamp);
    }

    @Override
    public String toString() {
        return "TreeHead[chain=" + chain + ", treeSize=" + treeSize + ", rootHash=" + HEX.formatHex(rootHash)
                + ", timestamp=" + UTC_MILLIS.format(timestamp) + "]";
    }
}
