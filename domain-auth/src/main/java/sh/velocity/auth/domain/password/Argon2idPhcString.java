package sh.velocity.auth.domain.password;

import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An Argon2id hash as the reference implementation encodes it, and as it is stored:
 * {@code $argon2id$v=19$m=<KiB>,t=<passes>,p=<lanes>$<salt>$<hash>}, salt and hash in standard base64
 * without padding.
 *
 * <p>Stored hashes are untrusted input when a login reads them back, so {@link #parse} never throws:
 * it accepts only Argon2id version 19 (0x13), parameters within {@link Argon2idParameters}' bounds,
 * salts of {@value #MIN_SALT_BYTES} to {@value #MAX_SALT_BYTES} bytes and hashes of
 * {@value #MIN_HASH_BYTES} to {@value #MAX_HASH_BYTES} bytes, and nothing longer than
 * {@value #MAX_ENCODED_LENGTH} characters. The arrays are copied in and out, so an instance cannot be
 * changed after it is made.
 */
record Argon2idPhcString(Argon2idParameters parameters, byte[] salt, byte[] hash) {

    static final int MIN_SALT_BYTES = 8;
    static final int MAX_SALT_BYTES = 64;
    static final int MIN_HASH_BYTES = 16;
    static final int MAX_HASH_BYTES = 64;
    static final int MAX_ENCODED_LENGTH = 256;

    private static final Pattern FORMAT = Pattern.compile(
            "\\$argon2id\\$v=19\\$m=([1-9][0-9]{0,7}),t=([1-9][0-9]?),p=([1-9][0-9]?)"
                    + "\\$([A-Za-z0-9+/]+)\\$([A-Za-z0-9+/]+)");
    private static final Base64.Encoder ENCODER = Base64.getEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getDecoder();

    Argon2idPhcString {
        salt = salt.clone();
        hash = hash.clone();
    }

    /** The hash that {@code encoded} describes, or empty when it is not a well-formed, bounded one. */
    static Optional<Argon2idPhcString> parse(String encoded) {
        if (encoded == null || encoded.length() > MAX_ENCODED_LENGTH) {
            return Optional.empty();
        }
        Matcher m = FORMAT.matcher(encoded);
        if (!m.matches()) {
            return Optional.empty();
        }
        long memory = Long.parseLong(m.group(1));
        long iterations = Long.parseLong(m.group(2));
        long parallelism = Long.parseLong(m.group(3));
        if (!Argon2idParameters.allowed(memory, iterations, parallelism)) {
            return Optional.empty();
        }
        Optional<byte[]> salt = decode(m.group(4), MIN_SALT_BYTES, MAX_SALT_BYTES);
        Optional<byte[]> hash = decode(m.group(5), MIN_HASH_BYTES, MAX_HASH_BYTES);
        if (salt.isEmpty() || hash.isEmpty()) {
            return Optional.empty();
        }
        Argon2idParameters parameters = new Argon2idParameters((int) memory, (int) iterations, (int) parallelism);
        return Optional.of(new Argon2idPhcString(parameters, salt.get(), hash.get()));
    }

    @Override
    public byte[] salt() {
        return salt.clone();
    }

    @Override
    public byte[] hash() {
        return hash.clone();
    }

    int hashLength() {
        return hash.length;
    }

    int saltLength() {
        return salt.length;
    }

    /** The PHC string; parsing it gives back an equal instance. */
    @Override
    public String toString() {
        return "$argon2id$v=19$m=" + parameters.memoryKiB() + ",t=" + parameters.iterations()
                + ",p=" + parameters.parallelism() + "$" + ENCODER.encodeToString(salt)
                + "$" + ENCODER.encodeToString(hash);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Argon2idPhcString that && parameters.equals(that.parameters)
                && Arrays.equals(salt, that.salt) && Arrays.equals(hash, that.hash);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * parameters.hashCode() + Arrays.hashCode(salt)) + Arrays.hashCode(hash);
    }

    private static Optional<byte[]> decode(String base64, int minBytes, int maxBytes) {
        if (base64.length() % 4 == 1) {
            return Optional.empty();
        }
        byte[] bytes = DECODER.decode(base64);
        if (bytes.length < minBytes || bytes.length > maxBytes) {
            return Optional.empty();
        }
        return Optional.of(bytes);
    }
}
