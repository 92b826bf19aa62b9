package sh.velocity.audit.domain.merkle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MerkleFrontierTest {

    /** RFC 9162 §2.1.1 MTH, literally: the reference the frontier must agree with. */
    private static byte[] mth(List<byte[]> leaves) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        if (leaves.isEmpty()) {
            return sha.digest();
        }
        if (leaves.size() == 1) {
            sha.update((byte) 0);
            sha.update(leaves.get(0));
            return sha.digest();
        }
        int k = Integer.highestOneBit(leaves.size() - 1);
        byte[] left = mth(leaves.subList(0, k));
        byte[] right = mth(leaves.subList(k, leaves.size()));
        sha.update((byte) 1);
        sha.update(left);
        sha.update(right);
        return sha.digest();
    }

    private static byte[] leaf(int i) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(("event " + i).getBytes());
    }

    @Test
    void agreesWithTheRfcDefinitionForEverySizeUpTo70() throws Exception {
        MerkleFrontier frontier = MerkleFrontier.empty();
        List<byte[]> leaves = new ArrayList<>();
        assertArrayEquals(mth(leaves), frontier.root());
        for (int i = 0; i < 70; i++) {
            leaves.add(leaf(i));
            frontier.append(leaves.get(i));
            assertArrayEquals(mth(leaves), frontier.root(), "size " + (i + 1));
            assertEquals(Long.bitCount(i + 1), frontier.hexRoots().size());
        }
    }

    @Test
    void resumingFromStoredRootsContinuesTheSameTree() throws Exception {
        MerkleFrontier first = MerkleFrontier.empty();
        List<byte[]> leaves = new ArrayList<>();
        for (int i = 0; i < 37; i++) {
            leaves.add(leaf(i));
            first.append(leaves.get(i));
        }
        MerkleFrontier resumed = MerkleFrontier.resume(first.size(), first.hexRoots());
        for (int i = 37; i < 61; i++) {
            leaves.add(leaf(i));
            resumed.append(leaves.get(i));
        }
        assertArrayEquals(mth(leaves), resumed.root());
        assertThrows(IllegalArgumentException.class, () -> MerkleFrontier.resume(37, first.hexRoots().subList(0, 2)));
    }
}
