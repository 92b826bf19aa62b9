package sh.velocity.audit.domain.merkle;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static sh.velocity.audit.domain.merkle.MerkleInclusionProofTest.flipped;
import static sh.velocity.audit.domain.merkle.MerkleInclusionProofTest.with;
import static sh.velocity.audit.domain.merkle.MerkleTreeTest.VECTOR_ROOTS;
import static sh.velocity.audit.domain.merkle.MerkleTreeTest.hex;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Consistency proofs show that a later tree extends an earlier one, for every pair of sizes up to 33,
 * and fail for any altered root, proof or size: the property a signed checkpoint relies on.
 */
class MerkleConsistencyProofTest {

    private static final int MAX_SIZE = 33;

    @Test
    void everyOlderTreeIsProvenAPrefixOfEveryNewerOneUpTo33Leaves() {
        List<byte[]> leaves = ReferenceMerkle.leaves(MAX_SIZE);
        for (int n = 1; n <= MAX_SIZE; n++) {
            List<byte[]> newer = leaves.subList(0, n);
            byte[] newRoot = MerkleTree.root(newer);
            for (int m = 1; m <= n; m++) {
                byte[] oldRoot = MerkleTree.root(leaves.subList(0, m));
                List<byte[]> proof = MerkleTree.consistencyProof(newer, m);
                assertTrue(MerkleProofs.verifyConsistency(m, n, oldRoot, newRoot, proof),
                        m + " -> " + n);
            }
        }
    }

    @Test
    void aChangedRootOrTamperedProofFails() {
        List<byte[]> leaves = ReferenceMerkle.leaves(MAX_SIZE);
        for (int n = 1; n <= MAX_SIZE; n++) {
            List<byte[]> newer = leaves.subList(0, n);
            byte[] newRoot = MerkleTree.root(newer);
            for (int m = 1; m <= n; m++) {
                byte[] oldRoot = MerkleTree.root(leaves.subList(0, m));
                List<byte[]> proof = MerkleTree.consistencyProof(newer, m);
                String at = m + " -> " + n;
                assertFalse(MerkleProofs.verifyConsistency(m, n, flipped(oldRoot, 7), newRoot, proof), at);
                assertFalse(MerkleProofs.verifyConsistency(m, n, oldRoot, flipped(newRoot, 7), proof), at);
                for (int e = 0; e < proof.size(); e++) {
                    List<byte[]> tampered = new ArrayList<>(proof);
                    tampered.set(e, flipped(proof.get(e), e));
                    assertFalse(MerkleProofs.verifyConsistency(m, n, oldRoot, newRoot, tampered), at + ", entry " + e);
                }
                if (!proof.isEmpty()) {
                    assertFalse(MerkleProofs.verifyConsistency(m, n, oldRoot, newRoot,
                            proof.subList(0, proof.size() - 1)), at + " truncated");
                    assertFalse(MerkleProofs.verifyConsistency(m, n, oldRoot, newRoot, proof.subList(1, proof.size())),
                            at + " without its first entry");
                }
                assertFalse(MerkleProofs.verifyConsistency(m, n, oldRoot, newRoot, with(proof, proof.size(), newRoot)),
                        at + " extended");
                assertFalse(MerkleProofs.verifyConsistency(m, n, oldRoot, newRoot, with(proof, 0, oldRoot)),
                        at + " prefixed");
            }
        }
    }

    @Test
    void wrongSizesFail() {
        List<byte[]> leaves = ReferenceMerkle.leaves(MAX_SIZE + 1);
        for (int n = 1; n <= MAX_SIZE; n++) {
            List<byte[]> newer = leaves.subList(0, n);
            byte[] newRoot = MerkleTree.root(newer);
            for (int m = 1; m <= n; m++) {
                byte[] oldRoot = MerkleTree.root(leaves.subList(0, m));
                List<byte[]> proof = MerkleTree.consistencyProof(newer, m);
                String at = m + " -> " + n;
                assertFalse(MerkleProofs.verifyConsistency(m - 1, n, oldRoot, newRoot, proof), at);
                assertFalse(MerkleProofs.verifyConsistency(m + 1, n, oldRoot, newRoot, proof), at);
                if (m < n) {
                    assertFalse(MerkleProofs.verifyConsistency(n, m, newRoot, oldRoot, proof), at + " reversed");
                    assertFalse(MerkleProofs.verifyConsistency(n, m, oldRoot, newRoot, proof), at + " sizes swapped");
                }
            }
        }
    }

    @Test
    void aTreeIsConsistentWithItselfByAnEmptyProofOnly() {
        for (int n = 1; n <= MAX_SIZE; n++) {
            List<byte[]> leaves = ReferenceMerkle.leaves(n);
            byte[] root = MerkleTree.root(leaves);
            assertTrue(MerkleTree.consistencyProof(leaves, n).isEmpty());
            assertTrue(MerkleProofs.verifyConsistency(n, n, root, root, List.of()));
            assertFalse(MerkleProofs.verifyConsistency(n, n, root, root, List.of(root)));
            assertFalse(MerkleProofs.verifyConsistency(n, n, root, flipped(root, 3), List.of()));
        }
    }

    @Test
    void theEmptyTreeIsAPrefixOfEveryTreeWhenItsRootIsTheEmptyRoot() {
        byte[] empty = MerkleTree.root(List.of());
        byte[] root = MerkleTree.root(ReferenceMerkle.leaves(5));
        assertTrue(MerkleProofs.verifyConsistency(0, 5, empty, root, List.of()));
        assertTrue(MerkleProofs.verifyConsistency(0, 0, empty, empty, List.of()));
        assertFalse(MerkleProofs.verifyConsistency(0, 5, root, root, List.of()));
        assertFalse(MerkleProofs.verifyConsistency(0, 5, empty, root, List.of(root)));
        assertFalse(MerkleProofs.verifyConsistency(0, 0, empty, root, List.of()));
    }

    @Test
    void malformedInputIsFalseNotAnException() {
        List<byte[]> leaves = ReferenceMerkle.leaves(7);
        byte[] oldRoot = MerkleTree.root(leaves.subList(0, 3));
        byte[] newRoot = MerkleTree.root(leaves);
        List<byte[]> proof = MerkleTree.consistencyProof(leaves, 3);
        assertTrue(MerkleProofs.verifyConsistency(3, 7, oldRoot, newRoot, proof), "control");
        assertFalse(MerkleProofs.verifyConsistency(-1, 7, oldRoot, newRoot, proof));
        assertFalse(MerkleProofs.verifyConsistency(3, -7, oldRoot, newRoot, proof));
        assertFalse(MerkleProofs.verifyConsistency(3, 7, null, newRoot, proof));
        assertFalse(MerkleProofs.verifyConsistency(3, 7, oldRoot, null, proof));
        assertFalse(MerkleProofs.verifyConsistency(3, 7, oldRoot, newRoot, null));
        assertFalse(MerkleProofs.verifyConsistency(3, 7, oldRoot, Arrays.copyOf(newRoot, 64), proof));
        List<byte[]> withNull = new ArrayList<>(proof);
        withNull.set(0, null);
        assertFalse(MerkleProofs.verifyConsistency(3, 7, oldRoot, newRoot, withNull));
        assertFalse(MerkleProofs.verifyConsistency(3, 7, oldRoot, newRoot, List.of()));
        assertFalse(MerkleProofs.verifyConsistency(3, Integer.MAX_VALUE, oldRoot, newRoot, proof));
    }

    @Test
    void thePublishedProofOf6Against8Verifies() {
        List<byte[]> proof = List.of(hex("0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a"),
                hex("ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0"),
                hex("d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"));
        assertTrue(MerkleProofs.verifyConsistency(6, 8, hex(VECTOR_ROOTS.get(5)), hex(VECTOR_ROOTS.get(7)), proof));
    }
}
