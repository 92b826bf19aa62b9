package sh.velocity.kernel.masking;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.util.Collection;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Turns a sensitive value into what may be shown outside the platform, by {@link MaskingStrategy}.
 *
 * <p>Invariants: a masked value never contains the whole plaintext; {@code null} stays {@code null};
 * {@link MaskingStrategy#PARTIAL} counts Unicode code points, so a surrogate pair is never split and a
 * star always stands for one character; {@link MaskingStrategy#FULL} has a constant length.
 *
 * <p>{@link MaskingStrategy#HASH} is an HMAC-SHA256 under a per-deployment secret key, never a plain
 * SHA-256: card numbers, phone numbers and national ids have so little entropy that an unkeyed digest
 * is reversed by enumerating the space. Without the key the digest cannot even be computed, so an
 * attacker holding an export cannot test guesses offline. The output keeps 16 hex characters (64 bits):
 * enough to correlate equal values, too few to be used as a stable substitute for the value elsewhere.
 * The static API has no key and therefore refuses HASH; build an instance with the deployment key.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class Masker {

    /** What {@link MaskingStrategy#FULL} shows, whatever the value. */
    public static final String FULL_MASK = "********";
    /** Prefix of every {@link MaskingStrategy#HASH} output, naming the digest. */
    public static final String HASH_PREFIX = "sha256:";
    /** Upper bound of {@code visibleChars}; larger requests are clamped to it. */
    public static final int MAX_VISIBLE_CHARS = 64;
    /** The HASH key must carry at least the digest's strength (RFC 2104 §3). */
    public static final int MIN_HASH_KEY_BYTES = 32;
    /** Shorter plaintexts are not searched for by {@link #maskAll}: they would match unrelated text. */
    public static final int MIN_SECRET_LENGTH = 4;

    private static final String HMAC = "HmacSHA256";
    private static final int HASH_BYTES_SHOWN = 8;
    private static final String STAR = "*";

    private final SecretKeySpec hashKey;

    /**
     * @param hashKey the deployment's secret HASH key, at least {@value #MIN_HASH_KEY_BYTES} random bytes;
     *     copied, so the caller may wipe its array afterwards
     */
    public Masker(byte[] hashKey) {
        if (hashKey == null || hashKey.length < MIN_HASH_KEY_BYTES) {
            throw new IllegalArgumentException(
                    "masking hash key must be at least " + MIN_HASH_KEY_BYTES + " bytes");
        }
        this.hashKey = new SecretKeySpec(hashKey.clone(), HMAC);
        newMac();
    }

    /** Masks with any strategy, HASH included, under this instance's key. */
    public String apply(String value, MaskingStrategy strategy, int visibleChars) {
        Objects.requireNonNull(strategy, "strategy");
        if (strategy != MaskingStrategy.HASH) {
            return mask(value, strategy, visibleChars);
        }
        return value == null ? null : hash(value);
    }

    /**
     * Masks with PARTIAL or FULL; {@code visibleChars} only matters for PARTIAL and is clamped to
     * 0..{@value #MAX_VISIBLE_CHARS}.
     *
     * @throws IllegalArgumentException for HASH, even when the value is null, so that a caller wired
     *     without a key fails on its first use rather than on its first non-null value
     */
    public static String mask(String value, MaskingStrategy strategy, int visibleChars) {
        Objects.requireNonNull(strategy, "strategy");
        if (strategy == MaskingStrategy.HASH) {
            throw new IllegalArgumentException("HASH masking needs the deployment key: use a Masker instance");
        }
        if (value == null) {
            return null;
        }
        return strategy == MaskingStrategy.FULL ? FULL_MASK : partial(value, visibleChars);
    }

    /**
     * Replaces every occurrence of any of {@code secrets} in free text (a log line, an error detail) with
     * {@value #FULL_MASK}. Secrets shorter than {@value #MIN_SECRET_LENGTH} code points are ignored; where
     * secrets overlap, the longest is replaced whole.
     */
    public static String maskAll(String text, Collection<String> secrets) {
        if (text == null || text.isEmpty() || secrets == null || secrets.isEmpty()) {
            return text;
        }
        String alternation = secrets.stream()
                .filter(Objects::nonNull)
                .filter(s -> s.codePointCount(0, s.length()) >= MIN_SECRET_LENGTH)
                .distinct()
                .sorted(Comparator.comparingInt(String::length).reversed())
                .map(Pattern::quote)
                .collect(Collectors.joining("|"));
        if (alternation.isEmpty()) {
            return text;
        }
        return Pattern.compile(alternation).matcher(text).replaceAll(Matcher.quoteReplacement(FULL_MASK));
    }

    private static String partial(String value, int visibleChars) {
        int visible = Math.max(0, Math.min(visibleChars, MAX_VISIBLE_CHARS));
        int length = value.codePointCount(0, value.length());
        if (length <= visible) {
            return STAR.repeat(length);
        }
        int tailStart = value.offsetByCodePoints(value.length(), -visible);
        return STAR.repeat(length - visible) + value.substring(tailStart);
    }

    private String hash(String value) {
        byte[] digest = newMac().doFinal(value.getBytes(StandardCharsets.UTF_8));
        return HASH_PREFIX + HexFormat.of().formatHex(digest, 0, HASH_BYTES_SHOWN);
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(hashKey);
            return mac;
        } catch (InvalidKeyException e) {
            throw new IllegalArgumentException("masking hash key is not usable for " + HMAC, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(HMAC + " is not available in this JVM", e);
        }
    }
}
