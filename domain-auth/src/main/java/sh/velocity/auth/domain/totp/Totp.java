package sh.velocity.auth.domain.totp;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import java.util.OptionalLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * RFC 6238 time-based one-time passwords as every authenticator app computes them by default:
 * HMAC-SHA1, {@value #STEP_SECONDS}-second steps, {@value #DIGITS} digits.
 *
 * <p>{@link #verify} accepts the code of the current step and of one step either side, so a phone
 * whose clock is up to about 30 seconds off still works, and only a step later than the last one the
 * user logged in with, so a code seen over a shoulder or in a proxy log cannot be replayed, not even
 * within its own 30 seconds (RFC 6238 §5.2). The caller stores the step it returns. Codes are
 * compared with {@link MessageDigest#isEqual}, every candidate step is computed whatever matched, and
 * nothing here throws or writes a message that contains a secret or a code. Instances hold no state.
 */
public final class Totp {

    public static final int DIGITS = 6;
    public static final long STEP_SECONDS = 30;
    /** 160 bits, the HMAC-SHA1 key length RFC 4226 recommends. */
    public static final int SECRET_BYTES = 20;
    /** RFC 4226 requires at least 128 bits. */
    public static final int MIN_SECRET_BYTES = 16;

    private static final String HMAC = "HmacSHA1";
    private static final int[] POWERS_OF_TEN = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000};

    /** A new shared secret of {@value #SECRET_BYTES} random bytes, in base32. */
    public static String newSecret(SecureRandom random) {
        byte[] secret = new byte[SECRET_BYTES];
        random.nextBytes(secret);
        try {
            return Base32.encode(secret);
        } finally {
            Arrays.fill(secret, (byte) 0);
        }
    }

    /** The step {@code now} falls in: whole {@value #STEP_SECONDS}-second periods since the epoch. */
    public static long step(Instant now) {
        return Math.floorDiv(now.getEpochSecond(), STEP_SECONDS);
    }

    /**
     * The {@value #DIGITS}-digit code for {@code step}.
     *
     * @throws IllegalArgumentException when the secret is not base32 or shorter than
     *                                  {@value #MIN_SECRET_BYTES} bytes
     */
    public String code(String secretBase32, long step) {
        byte[] key = secret(secretBase32);
        try {
            return code(key, step, DIGITS);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    /**
     * The step whose code {@code code} is, among the step of {@code now} and its two neighbours, if
     * that step is greater than {@code lastUsedStep} (pass {@code -1} before the first login); empty
     * for a wrong, reused or malformed code (anything but exactly six ASCII digits) or secret.
     */
    public OptionalLong verify(String secretBase32, String code, Instant now, long lastUsedStep) {
        Objects.requireNonNull(now, "now");
        if (!isSixAsciiDigits(code)) {
            return OptionalLong.empty();
        }
        byte[] key;
        try {
            key = secret(secretBase32);
        } catch (IllegalArgumentException malformedSecret) {
            return OptionalLong.empty();
        }
        try {
            byte[] given = code.getBytes(StandardCharsets.US_ASCII);
            long current = step(now);
            long matched = Long.MIN_VALUE;
            for (long candidate = current - 1; candidate <= current + 1; candidate++) {
                byte[] expected = code(key, candidate, DIGITS).getBytes(StandardCharsets.US_ASCII);
                if (MessageDigest.isEqual(given, expected) && candidate >= 0 && candidate > lastUsedStep) {
                    matched = candidate;
                }
            }
            return matched == Long.MIN_VALUE ? OptionalLong.empty() : OptionalLong.of(matched);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    /** The {@code otpauth://} URI an authenticator app reads from a QR code; see {@link OtpauthUri}. */
    public static String otpauthUri(String issuer, String account, String secretBase32) {
        return OtpauthUri.of(issuer, account, Base32.encode(secret(secretBase32)), DIGITS, STEP_SECONDS);
    }

    /** RFC 4226 HOTP of {@code key} at counter {@code step}, with 6 to 8 digits. */
    static String code(byte[] key, long step, int digits) {
        if (digits < 6 || digits > 8) {
            throw new IllegalArgumentException("TOTP codes have 6 to 8 digits");
        }
        byte[] mac = hmacSha1(key, ByteBuffer.allocate(Long.BYTES).putLong(step).array());
        int offset = mac[mac.length - 1] & 0x0f;
        int binary = (mac[offset] & 0x7f) << 24 | (mac[offset + 1] & 0xff) << 16
                | (mac[offset + 2] & 0xff) << 8 | (mac[offset + 3] & 0xff);
        StringBuilder code = new StringBuilder(Integer.toString(binary % POWERS_OF_TEN[digits]));
        while (code.length() < digits) {
            code.insert(0, '0');
        }
        return code.toString();
    }

    private static byte[] secret(String secretBase32) {
        byte[] key = Base32.decode(secretBase32);
        if (key.length < MIN_SECRET_BYTES) {
            Arrays.fill(key, (byte) 0);
            throw new IllegalArgumentException("a TOTP secret must be at least " + MIN_SECRET_BYTES + " bytes");
        }
        return key;
    }

    private static boolean isSixAsciiDigits(String code) {
        if (code == null || code.length() != DIGITS) {
            return false;
        }
        for (int i = 0; i < DIGITS; i++) {
            if (code.charAt(i) < '0' || code.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    private static byte[] hmacSha1(byte[] key, byte[] message) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(new SecretKeySpec(key, HMAC));
            return mac.doFinal(message);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 is not available in this JVM", e);
        }
    }
}
