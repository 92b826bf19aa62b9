package sh.velocity.bench;

import java.util.Arrays;

/**
 * Nearest-rank percentiles of a set of nanosecond samples.
 *
 * <p>Nearest rank means a reported percentile is always one of the measured samples, never an
 * interpolation: with n samples, p is the ⌈p·n⌉-th smallest. So with 50 samples p99 is the largest
 * one, which the reports say rather than pretending to a resolution the sample does not have.
 */
final class Percentiles {

    private final long[] sorted;

    Percentiles(long[] nanos, int count) {
        if (count <= 0) {
            throw new IllegalArgumentException("no samples");
        }
        this.sorted = Arrays.copyOf(nanos, count);
        Arrays.sort(sorted);
    }

    int count() {
        return sorted.length;
    }

    /** The p-th percentile (0 &lt; p ≤ 100), in nanoseconds. */
    long nanos(double p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    long maxNanos() {
        return sorted[sorted.length - 1];
    }

    long minNanos() {
        return sorted[0];
    }

    double meanNanos() {
        double sum = 0;
        for (long s : sorted) {
            sum += s;
        }
        return sum / sorted.length;
    }
}
