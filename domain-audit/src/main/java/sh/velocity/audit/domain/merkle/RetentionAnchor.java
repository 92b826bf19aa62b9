package sh.velocity.audit.domain.merkle;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * What stands in for events retention dropped: events {@code firstSeq} to {@code lastSeq} of
 * {@code chain} are gone; the last of them hashed to {@code lastHash} (so the next kept event's
 * {@code prev_hash} can still be checked), and the Merkle frontier of the chain's first
 * {@code lastSeq} events was {@code frontier} (so later checkpoints can still be recomputed). The
 * server signs it with the checkpoint key before it drops anything; without a valid signature a
 * verifier treats the missing events as deleted.
 *
 * <p>{@link #signedBytes()}, specified for outside verifiers like {@link TreeHead}'s:
 *
 * <pre>
 * "velocity-retention-anchor-v1\n"
 * chain "\n"
 * decimal(firstSeq) "\n"
 * decimal(lastSeq) "\n"
 * lowercase-hex(lastHash) "\n"
 * frontier roots, lowercase hex, largest subtree first, joined by "," "\n"   (empty line if none)
 * signedAt "\n"                  (UTC, milliseconds: yyyy-MM-ddTHH:mm:ss.SSSZ)
 * </pre>
 *
 * <p>Invariants: {@code 1 <= firstSeq <= lastSeq}; the frontier has one root per set bit of
 * {@code lastSeq}, each 64 lowercase hex characters; the chain has no line break.
 */
public record RetentionAnchor(String chain, long firstSeq, long lastSeq, String lastHash, List<String> frontier,
                              Instant signedAt) {

    private static final String FORMAT_LINE = "velocity-retention-anchor-v1";
    private static final DateTimeFormatter UTC_MILLIS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    public RetentionAnchor {
        Objects.requireNonNull(chain, "chain");
        Objects.requireNonNull(lastHash, "lastHash");
        Objects.requireNonNull(signedAt, "signedAt");
        if (chain.indexOf('\n') >= 0 || chain.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("a chain name must not contain a line break");
        }
        if (firstSeq < 1 || lastSeq < firstSeq) {
            throw new IllegalArgumentException("an anchor covers events firstSeq..lastSeq with 1 <= firstSeq <= lastSeq");
        }
        requireHex64(lastHash);
        frontier = List.copyOf(frontier);
        if (frontier.size() != Long.bitCount(lastSeq)) {
            throw new IllegalArgumentException("the frontier of " + lastSeq + " events has " + Long.bitCount(lastSeq)
                    + " roots, not " + frontier.size());
        }
        frontier.forEach(RetentionAnchor::requireHex64);
        signedAt = signedAt.truncatedTo(ChronoUnit.MILLIS);
    }

    private static void requireHex64(String hex) {
        if (hex == null || hex.length() != 64 || !hex.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
            throw new IllegalArgumentException("a hash is 64 lowercase hex characters");
        }
    }

    /** The Merkle frontier after event {@code lastSeq}, to continue from. */
    public MerkleFrontier resumeFrontier() {
        return MerkleFrontier.resume(lastSeq, frontier);
    }

    /** The root of the chain's first {@code lastSeq} events, as the frontier gives it. */
    public String rootHex() {
        return HexFormat.of().formatHex(resumeFrontier().root());
    }

    /** The message the anchor's signature covers; see the class comment for its grammar. */
    public byte[] signedBytes() {
        String text = FORMAT_LINE + '\n'
                + chain + '\n'
                + firstSeq + '\n'
                + lastSeq + '\n'
                + lastHash + '\n'
                + String.join(",", frontier) + '\n'
                + UTC_MILLIS.format(signedAt) + '\n';
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
