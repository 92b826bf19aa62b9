package sh.velocity.audit.domain.export;

import java.util.List;
import java.util.Objects;
import sh.velocity.audit.domain.CanonicalEvent;
import sh.velocity.audit.domain.merkle.MerkleFrontier;

/**
 * Where verification of an export begins: after event {@code seq}, whose stored hash is {@code hash},
 * with the Merkle tree over events 1..seq summarised by its {@code frontier} (the subtree roots a
 * checkpoint stores). The genesis is (0, 64 zeros, no roots).
 *
 * <p>It exists so that a chain whose oldest events were dropped by retention can still be verified
 * from a signed anchor instead of from event 1: the caller checks the anchor's signature and root
 * first, then starts here. The values are trusted as given, which is why only a verified anchor may
 * produce one.
 */
public record ChainStart(long seq, String hash, List<String> frontier) {

    public ChainStart {
        Objects.requireNonNull(hash, "hash");
        frontier = List.copyOf(frontier);
        if (seq < 0) {
            throw new IllegalArgumentException("a chain cannot start after event " + seq);
        }
        MerkleFrontier.resume(seq, frontier);
    }

    public static ChainStart genesis() {
        return new ChainStart(0, CanonicalEvent.GENESIS_HASH, List.of());
    }

    MerkleFrontier merkleFrontier() {
        return MerkleFrontier.resume(seq, frontier);
    }
}
