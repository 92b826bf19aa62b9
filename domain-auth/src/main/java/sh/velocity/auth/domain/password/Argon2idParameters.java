package sh.velocity.auth.domain.password;

/**
 * The cost of one Argon2id hash: memory in KiB, passes over it, and lanes.
 *
 * <p>The defaults (19 MiB, 2 passes, 1 lane) are the OWASP Password Storage Cheat Sheet's first
 * Argon2id setting. The upper bounds exist for verification: parameters are read back from stored
 * hashes, and a tampered row must not be able to make a login allocate many gigabytes or spin for
 * minutes. Invariant: every instance is within the bounds and has at least 8 KiB per lane, as Argon2
 * requires.
 */
public record Argon2idParameters(int memoryKiB, int iterations, int parallelism) {

    /** 1 GiB. */
    public static final int MAX_MEMORY_KIB = 1 << 20;
    public static final int MAX_ITERATIONS = 10;
    public static final int MAX_PARALLELISM = 16;

    public static final Argon2idParameters DEFAULTS = new Argon2idParameters(19_456, 2, 1);

    /** @throws IllegalArgumentException when a value is outside the bounds above */
    public Argon2idParameters {
        if (parallelism < 1 || parallelism > MAX_PARALLELISM) {
            throw new IllegalArgumentException("Argon2id parallelism must be between 1 and " + MAX_PARALLELISM);
        }
        if (iterations < 1 || iterations > MAX_ITERATIONS) {
            throw new IllegalArgumentException("Argon2id iterations must be between 1 and " + MAX_ITERATIONS);
        }
        if (memoryKiB < 8 * parallelism || memoryKiB > MAX_MEMORY_KIB) {
            throw new IllegalArgumentException("Argon2id memory must be between 8 KiB per lane and "
                    + MAX_MEMORY_KIB + " KiB");
        }
    }

    /** Whether the values are within the bounds, for parsing without exceptions. */
    static boolean allowed(long memoryKiB, long iterations, long parallelism) {
        return parallelism >= 1 && parallelism <= MAX_PARALLELISM
                && iterations >= 1 && iterations <= MAX_ITERATIONS
                && memoryKiB >= 8 * parallelism && memoryKiB <= MAX_MEMORY_KIB;
    }
}
