package sh.velocity.audit.domain.merkle;

import java.util.List;
import java.util.Objects;

/**
 * Random access to a tree's leaves, so that a caller can serve them from a database instead of
 * holding a whole chain in memory.
 *
 * <p>{@link MerkleTree} reads leaves in ascending index order and each at most once, so an
 * implementation may back this with a forward-only cursor over the chain ordered by sequence number.
 */
public interface LeafSource {

    /** The number of leaves; not negative. */
    int size();

    /** The leaf at {@code index} (0-based); never {@code null}. */
    byte[] leaf(int index);

    /** The leaves of a list, read in place (the list is not copied). */
    static LeafSource of(List<byte[]> leaves) {
        Objects.requireNonNull(leaves, "leaves");
        return new LeafSource() {
            @Override
            public int size() {
                return leaves.size();
            }

            @Override
            public byte[] leaf(int index) {
                return leaves.get(index);
            }
        };
    }
}
