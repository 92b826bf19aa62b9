package sh.velocity.audit.domain.merkle;

import java.security.MessageDigest;

/**
 * RFC 9162 §2.1.1 hashing. Leaf and interior preimages start with different bytes ({@code 0x00},
 * {@code 0x01}), so no interior node can be passed off as a leaf (the second-preimage attack on
 * unprefixed trees).
 *
 * <p>Holds one {@link MessageDigest}: an instance belongs to one computation on one thread. Every
 * method ends with {@code digest()}, which resets it; callers pass no {@code null}, so no method
 * leaves it half-fed.
 */
final class MerkleHasher {

    private static final byte LEAF_PREFIX = 0x00;
    private static final byte NODE_PREFIX = 0x01;

    private final MessageDigest sha = Sha256.newDigest();

    /** MTH({}) = SHA-256 of the empty string. */
    byte[] emptyRoot() {
        sha.reset();
        return sha.digest();
    }

    byte[] leaf(byte[] data) {
        sha.update(LEAF_PREFIX);
        sha.update(data);
        return sha.digest();
    }

    byte[] node(byte[] left, byte[] right) {
        sha.update(NODE_PREFIX);
        sha.update(left);
        sha.update(right);
        return sha.digest();
    }

    /** The largest power of two smaller than {@code n}; {@code n} must be at least 2. */
    static int split(int n) {
        return Integer.highestOneBit(n - 1);
    }
}
