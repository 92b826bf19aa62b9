package sh.velocity.audit.api;

/**
 * The result of re-computing a chain: {@code tampered} counts events whose stored hash, sequence
 * number or link to their predecessor does not hold; the first of them is named with the expected
 * and the actual hash.
 */
public record ChainVerification(String chain, boolean valid, long events, long tampered,
                                Long firstBadEvent, String expected, String actual, String reason) {
}
