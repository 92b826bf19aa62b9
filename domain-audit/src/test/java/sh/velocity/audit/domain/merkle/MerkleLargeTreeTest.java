package sh.velocity.audit.domain.merkle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A chain of 100,000 events: its root, one inclusion proof and one consistency proof take well under
 * a second (a quadratic algorithm would need billions of hashes here and miss by orders of
 * magnitude), and the proofs have the logarithmic length that makes checkpoints cheap to check.
 *
 * <p>The limit is on this thread's CPU time, not wall-clock time, so that other processes on a busy
 * build machine cannot fail the test; it still includes the cold start before the JIT compiles the
 * hashing code. {@code MerkleTreeTest.readsLeavesInAscendingOrderAndEachAtMostOnce} is the exact
 * check of linearity; this one shows the constant is small.
 */
class MerkleLargeTreeTest {

    private static final int EVENTS = 100_000;
    private static final Duration LIMIT = Duration.ofSeconds(1);

    @Test
    void rootAndProofsOf100000LeavesTakeWellUnderASecond() {
        List<byte[]> leaves = ReferenceMerkle.leaves(EVENTS);
        int index = 77_777;
        int oldSize = 65_537;
        byte[] expectedRoot = ReferenceMerkle.mth(leaves);
        byte[] oldRoot = ReferenceMerkle.mth(leaves.subList(0, oldSize));

        long start = cpuNanos();
        byte[] root = MerkleTree.root(leaves);
        List<byte[]> inclusion = MerkleTree.inclusionProof(leaves, index);
        List<byte[]> consistency = MerkleTree.consistencyProof(leaves, oldSize);
        Duration took = Duration.ofNanos(cpuNanos() - start);

        assertTrue(took.compareTo(LIMIT) < 0, "root and two proofs of 100,000 leaves took " + took);
        assertArrayEquals(expectedRoot, root);
        assertTrue(MerkleProofs.verifyInclusion(leaves.get(index), index, EVENTS, inclusion, root));
        assertTrue(MerkleProofs.verifyConsistency(oldSize, EVENTS, oldRoot, root, consistency));
        assertEquals(17, inclusion.size(), "ceil(log2(100,000)) hashes");
        assertTrue(consistency.size() <= 2 * 17, "a logarithmic consistency proof, not " + consistency.size());
    }

    private static long cpuNanos() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        return threads.isCurrentThreadCpuTimeSupported() ? threads.getCurrentThreadCpuTime() : System.nanoTime();
    }
}
