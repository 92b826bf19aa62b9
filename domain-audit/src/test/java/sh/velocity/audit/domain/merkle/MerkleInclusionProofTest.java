package sh.velocity.audit.domain.merkle;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static sh.velocity.audit.domain.merkle.MerkleTreeTest.VECTOR_LEAVES;
import static sh.velocity.audit.domain.merkle.MerkleTreeTest.VECTOR_ROOTS;
import static sh.velocity.audit.domain.merkle.MerkleTreeTest.hex;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Inclusion proofs verify for every leaf of small trees, and every kind of tampering is caught. */
class MerkleInclusionProofTest {

    private static final int MAX_SIZE = 33;

    @Test
    void everyLeafOfEveryTreeUpTo33LeavesIsProvenIncluded() {
        for (int n = 1; n <= MAX_SIZE; n++) {
            List<byte[]> leaves = ReferenceMerkle.leaves(n);
            byte[] root = MerkleTree.root(leaves);
            for (int i = 0; i < n; i++) {
                List<byte[]> proof = MerkleTree.inclusionProof(leaves, i);
                assertTrue(MerkleProofs.verifyInclusion(leaves.get(i), i, n, proof, root),
                        "leaf " + i + " of " + n);
            }
        }
    }

    @Test
    void aChangedLeafWrongIndexOrWrongRootFails() {
        for (int n = 1; n <= MAX_SIZE; n++) {
            List<byte[]> leaves = ReferenceMerkle.leaves(n);
            byte[] root = MerkleTree.root(leaves);
            for (int i = 0; i < n; i++) {
                List<byte[]> proof = MerkleTree.inclusionProof(leaves, i);
                String at = "leaf " + i + " of " + n;
                assertFalse(MerkleProofs.verifyInclusion(flipped(leaves.get(i), 31), i, n, proof, root), at);
                if (n > 1) {
                    assertFalse(MerkleProofs.verifyInclusion(leaves.get((i + 1) % n), i, n, proof, root), at);
                }
                for (int other = -1; other <= n; other++) {
                    if (other != i) {
                        assertFalse(MerkleProofs.verifyInclusion(leaves.get(i), other, n, proof, root),
                                at + " as " + other);
                    }
                }
                assertFalse(MerkleProofs.verifyInclusion(leaves.get(i), i, n, proof, flipped(root, 0)), at);
            }
        }
    }

    @Test
    void aTruncatedExtendedOrTamperedProofFails() {
        for (int n = 1; n <= MAX_SIZE; n++) {
            List<byte[]> leaves = ReferenceMerkle.leaves(n);
            byte[] root = MerkleTree.root(leaves);
            for (int i = 0; i < n; i++) {
                byte[] leaf = leaves.get(i);
                List<byte[]> proof = MerkleTree.inclusionProof(leaves, i);
                String at = "leaf " + i + " of " + n;
                if (!proof.isEmpty()) {
                    assertFalse(MerkleProofs.verifyInclusion(leaf, i, n, proof.subList(0, proof.size() - 1), root), at);
                    assertFalse(MerkleProofs.verifyInclusion(leaf, i, n, proof.subList(1, proof.size()), root), at);
                }
                assertFalse(MerkleProofs.verifyInclusion(leaf, i, n, with(proof, proof.size(), root), root), at);
                assertFalse(MerkleProofs.verifyInclusion(leaf, i, n, with(proof, 0, root), root), at);
                for (int e = 0; e < proof.size(); e++) {
                    List<byte[]> tampered = new ArrayList<>(proof);
                    tampered.set(e, flipped(proof.get(e), e));
                    assertFalse(MerkleProofs.verifyInclusion(leaf, i, n, tampered, root), at + ", entry " + e);
                }
            }
        }
    }

    @Test
    void malformedInputIsFalseNotAnException() {
        List<byte[]> leaves = ReferenceMerkle.leaves(5);
        byte[] root = MerkleTree.root(leaves);
        List<byte[]> proof = MerkleTree.inclusionProof(leaves, 2);
        byte[] leaf = leaves.get(2);
        assertTrue(MerkleProofs.verifyInclusion(leaf, 2, 5, proof, root), "control");
        assertFalse(MerkleProofs.verifyInclusion(null, 2, 5, proof, root));
        assertFalse(MerkleProofs.verifyInclusion(leaf, 2, 5, null, root));
        assertFalse(MerkleProofs.verifyInclusion(leaf, 2, 5, proof, null));
        assertFalse(MerkleProofs.verifyInclusion(leaf, 2, 5, proof, Arrays.copyOf(root, 31)));
        assertFalse(MerkleProofs.verifyInclusion(leaf, 2, 5, Arrays.asList(proof.get(0), null, proof.get(2)), root));
        assertFalse(MerkleProofs.verifyInclusion(leaf, 2, 5,
                List.of(proof.get(0), Arrays.copyOf(proof.get(1), 33), proof.get(2)), root));
        assertFalse(MerkleProofs.verifyInclusion(leaf, 0, 0, List.of(), MerkleTree.root(List.of())));
        assertFalse(MerkleProofs.verifyInclusion(leaf, Integer.MIN_VALUE, Integer.MAX_VALUE, proof, root));
        assertFalse(MerkleProofs.verifyInclusion(leaf, Integer.MAX_VALUE - 1, Integer.MAX_VALUE, proof, root));
    }

    @Test
    void thePublishedProofOfLeaf6Of8Verifies() {
        List<byte[]> proof = List.of(hex("bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"),
                hex("ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0"),
                hex("d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"));
        assertTrue(MerkleProofs.verifyInclusion(VECTOR_LEAVES.get(5), 5, 8, proof, hex(VECTOR_ROOTS.get(7))));
    }

    static byte[] flipped(byte[] bytes, int at) {
        byte[] copy = bytes.clone();
        copy[at % copy.length] ^= 0x10;
        return copy;
    }

    static List<byte[]> with(List<byte[]> proof, int at, byte[] extra) {
        List<byte[]> longer = new ArrayList<>(proof);
        longer.add(at, extra);
        return longer;
    }
}
