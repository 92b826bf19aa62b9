package sh.velocity.audit.domain.merkle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Roots and proofs against the literal reference ({@link ReferenceMerkle}) and against the published
 * RFC 6962/9162 test vectors of transparency-dev/merkle ({@code proof/verify_test.go}), which share
 * nothing with either implementation; and the access pattern that makes the computation linear.
 */
class MerkleTreeTest {

    private static final HexFormat HEX = HexFormat.of();

    /** The vectors' leaves: "", 00, 10, 2021, 3031, 40414243, 5051525354555657, 6061..6e6f. */
    static final List<byte[]> VECTOR_LEAVES = List.of(hex(""), hex("00"), hex("10"), hex("2021"), hex("3031"),
            hex("40414243"), hex("5051525354555657"), hex("606162636465666768696a6b6c6d6e6f"));

    /** The vectors' roots of the first 1..8 of those leaves. */
    static final List<String> VECTOR_ROOTS = List.of(
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
            "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
            "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
            "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
            "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
            "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328");

    @Test
    void theEmptyTreeHasTheHashOfTheEmptyString() {
        assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
                HEX.formatHex(MerkleTree.root(List.of())));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 7, 8, 9})
    void rootMatchesTheReference(int n) {
        List<byte[]> leaves = ReferenceMerkle.leaves(n);
        assertArrayEquals(ReferenceMerkle.mth(leaves), MerkleTree.root(leaves));
    }

    @Test
    void rootsMatchThePublishedVectors() {
        for (int n = 1; n <= VECTOR_LEAVES.size(); n++) {
            assertEquals(VECTOR_ROOTS.get(n - 1), HEX.formatHex(MerkleTree.root(VECTOR_LEAVES.subList(0, n))),
                    "root of " + n + " leaves");
        }
    }

    @Test
    void proofsMatchThePublishedVectors() {
        assertEquals(List.of("bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
                        "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"),
                hex(MerkleTree.inclusionProof(VECTOR_LEAVES, 5)));
        assertEquals(List.of("0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
                        "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
                        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"),
                hex(MerkleTree.consistencyProof(VECTOR_LEAVES.subList(0, 7), 6)));
    }

    @Test
    void everyProofOfTreesUpTo33LeavesMatchesTheReference() {
        for (int n = 1; n <= 33; n++) {
            List<byte[]> leaves = ReferenceMerkle.leaves(n);
            for (int index = 0; index < n; index++) {
                assertEquals(hex(ReferenceMerkle.path(index, leaves)), hex(MerkleTree.inclusionProof(leaves, index)),
                        "inclusion of " + index + " in " + n);
            }
            for (int m = 1; m < n; m++) {
                assertEquals(hex(ReferenceMerkle.proof(m, leaves)), hex(MerkleTree.consistencyProof(leaves, m)),
                        "consistency of " + m + " with " + n);
            }
        }
    }

    @Test
    void aTreeNeedsNoProofOfConsistencyWithItselfOrWithTheEmptyTree() {
        for (int n = 0; n <= 33; n++) {
            List<byte[]> leaves = ReferenceMerkle.leaves(n);
            assertTrue(MerkleTree.consistencyProof(leaves, n).isEmpty(), "m == n == " + n);
            assertTrue(MerkleTree.consistencyProof(leaves, 0).isEmpty(), "m == 0, n == " + n);
        }
    }

    /**
     * Every subtree hash reads all its leaves, so reading each leaf at most once means no subtree is
     * hashed twice: root and proofs are linear in the leaves whatever the index or old size. The
     * ascending order is what lets a caller stream leaves from a database cursor.
     */
    @Test
    void readsLeavesInAscendingOrderAndEachAtMostOnce() {
        int n = 33;
        List<byte[]> leaves = ReferenceMerkle.leaves(n);
        MerkleTree.root(new ForwardOnly(leaves));
        for (int i = 0; i < n; i++) {
            MerkleTree.inclusionProof(new ForwardOnly(leaves), i);
        }
        for (int m = 0; m <= n; m++) {
            MerkleTree.consistencyProof(new ForwardOnly(leaves), m);
        }
        ForwardOnly whole = new ForwardOnly(leaves);
        MerkleTree.root(whole);
        assertEquals(n, whole.reads, "the root reads every leaf once");
    }

    @Test
    void refusesIndexesAndSizesOutsideTheTree() {
        List<byte[]> leaves = ReferenceMerkle.leaves(5);
        assertThrows(IllegalArgumentException.class, () -> MerkleTree.inclusionProof(leaves, -1));
        assertThrows(IllegalArgumentException.class, () -> MerkleTree.inclusionProof(leaves, 5));
        assertThrows(IllegalArgumentException.class, () -> MerkleTree.inclusionProof(List.of(), 0));
        assertThrows(IllegalArgumentException.class, () -> MerkleTree.consistencyProof(leaves, -1));
        assertThrows(IllegalArgumentException.class, () -> MerkleTree.consistencyProof(leaves, 6));
    }

    @Test
    void refusesAMissingLeaf() {
        List<byte[]> leaves = new ArrayList<>(ReferenceMerkle.leaves(3));
        leaves.set(1, null);
        assertThrows(IllegalArgumentException.class, () -> MerkleTree.root(leaves));
    }

    static byte[] hex(String hex) {
        return HEX.parseHex(hex);
    }

    static List<String> hex(List<byte[]> hashes) {
        return hashes.stream().map(HEX::formatHex).toList();
    }

    /** A leaf source that fails the test if a leaf is read twice or out of order. */
    private static final class ForwardOnly implements LeafSource {
        private final List<byte[]> leaves;
        private int last = -1;
        private int reads;

        ForwardOnly(List<byte[]> leaves) {
            this.leaves = leaves;
        }

        @Override
        public int size() {
            return leaves.size();
        }

        @Override
        public byte[] leaf(int index) {
            if (index <= last) {
                throw new AssertionError("leaf " + index + " read after leaf " + last);
            }
            last = index;
            reads++;
            return leaves.get(index);
        }
    }
}
