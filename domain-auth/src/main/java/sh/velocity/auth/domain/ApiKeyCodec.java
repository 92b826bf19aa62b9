package sh.velocity.auth.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;
import java.util.zip.CRC32;

/**
 * Mints, recognises and hashes Velocity API keys of the form {@code vel_<env>_<body><check>}.
 *
 * <p>Why the shape: the fixed {@code vel_} prefix and environment let secret scanners (and people)
 * spot a leaked key and tell a production key from a development one; the 40-character base62 body
 * from {@link SecureRandom} carries about 238 bits, so keys cannot be guessed; the 6-character base62
 * CRC32 {@code check} lets the server reject a mistyped or made-up key without a database or Redis
 * lookup, as GitHub's token format does. The check is integrity against typos, not a secret.
 *
 * <p>Invariants: every generated key passes {@link #hasValidFormat}; any single changed character
 * fails it; only {@link #hashHex} (SHA-256, 64 lowercase hex characters) is ever stored, and stored
 * hashes are compared with {@link #constantTimeEquals}. The plaintext never appears in an exception
 * message. A plain SHA-256 suffices here, unlike for passwords, because the body is full-entropy.
 */
public final class ApiKeyCodec {

    /** Marks every Velocity API key. */
    public static final String PREFIX = "vel_";
    /** Environment segment: {@code dev}, {@code prod}, {@code staging2}, … */
    public static final Pattern ENVIRONMENT = Pattern.compile("[a-z][a-z0-9]{1,9}");
    /** Random base62 characters after the environment. */
    public static final int BODY_LENGTH = 40;
    /** Base62 CRC32 characters closing the key. */
    public static final int CHECK_LENGTH = 6;
    /** Candidates longer than this are rejected before any parsing. */
    public static final int MAX_CANDIDATE_LENGTH = 128;

    private static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final Pattern KEY = Pattern.compile(Pattern.quote(PREFIX) + ENVIRONMENT.pattern()
            + "_[0-9A-Za-z]{" + (BODY_LENGTH + CHECK_LENGTH) + "}");
    private static final int HINT_TAIL = 4;
    private static final MessageDigest SHA256 = lookUpSha256();

    private final SecureRandom random = new SecureRandom();

    /**
     * Mints a new key for {@code env}.
     *
     * @throws IllegalArgumentException when {@code env} does not match {@link #ENVIRONMENT}
     */
    public GeneratedApiKey generate(String env) {
        if (env == null || !ENVIRONMENT.matcher(env).matches()) {
            throw new IllegalArgumentException("API key environment must match " + ENVIRONMENT.pattern());
        }
        StringBuilder key = new StringBuilder(PREFIX.length() + env.length() + 1 + BODY_LENGTH + CHECK_LENGTH)
                .append(PREFIX).append(env).append('_');
        for (int i = 0; i < BODY_LENGTH; i++) {
            key.append(BASE62.charAt(random.nextInt(BASE62.length())));
        }
        key.append(checksum(key.toString()));
        String plaintext = key.toString();
        return new GeneratedApiKey(plaintext, hashHex(plaintext), hint(env, plaintext));
    }

    /** Whether {@code candidate} is shaped like a Velocity key and its checksum matches; never throws. */
    public boolean hasValidFormat(String candidate) {
        if (candidate == null || candidate.length() > MAX_CANDIDATE_LENGTH) {
            return false;
        }
        if (!KEY.matcher(candidate).matches()) {
            return false;
        }
        int checkStart = candidate.length() - CHECK_LENGTH;
        return checksum(candidate.substring(0, checkStart)).equals(candidate.substring(checkStart));
    }

    /** Lowercase hex SHA-256 of the key's UTF-8 bytes: the only form of a key the platform stores. */
    public String hashHex(String plaintext) {
        if (plaintext == null) {
            throw new IllegalArgumentException("API key to hash is missing");
        }
        return HexFormat.of().formatHex(sha256().digest(plaintext.getBytes(StandardCharsets.UTF_8)));
    }

    /** Compares two stored-form hashes in time independent of where they differ. */
    public static boolean constantTimeEquals(String hexA, String hexB) {
        if (hexA == null || hexB == null) {
            return false;
        }
        return MessageDigest.isEqual(hexA.getBytes(StandardCharsets.UTF_8), hexB.getBytes(StandardCharsets.UTF_8));
    }

    /** Base62 CRC32 of {@code prefixAndBody} (ASCII), left-padded with {@code 0} to {@value #CHECK_LENGTH}. */
    static String checksum(String prefixAndBody) {
        CRC32 crc = new CRC32();
        crc.update(prefixAndBody.getBytes(StandardCharsets.US_ASCII));
        long value = crc.getValue();
        char[] digits = new char[CHECK_LENGTH];
        for (int i = CHECK_LENGTH - 1; i >= 0; i--) {
            digits[i] = BASE62.charAt((int) (value % BASE62.length()));
            value /= BASE62.length();
        }
        return new String(digits);
    }

    private static String hint(String env, String plaintext) {
        return PREFIX + env + "_\u2026" + plaintext.substring(plaintext.length() - HINT_TAIL);
    }

    /**
     * A fresh SHA-256 digest for every key checked, copied from one looked up once:
     * {@code MessageDigest.getInstance} searches the security providers on every call, which was
     * 2.3 % of Liberty's CPU samples in a record GET, ten times the hashing itself.
     */
    private static MessageDigest sha256() {
        try {
            return (MessageDigest) SHA256.clone();
        } catch (CloneNotSupportedException e) {
            return lookUpSha256();
        }
    }

    private static MessageDigest lookUpSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available in this JVM", e);
        }
    }
}
