package sh.velocity.auth.domain.password;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Stores and checks user passwords with Argon2id (RFC 9106), the memory-hard function OWASP
 * recommends, computed by Bouncy Castle's pure-Java implementation.
 *
 * <p>A stored hash is a PHC string ({@link Argon2idPhcString}) that carries its own salt and cost, so
 * hashes made under older parameters keep verifying after the configured ones change;
 * {@link #needsRehash} tells the login path when to store a fresh hash while it still holds the
 * password. Each hash gets a new {@value #SALT_BYTES}-byte salt from {@link SecureRandom} and is
 * {@value #HASH_BYTES} bytes long.
 *
 * <p>Invariants: passwords are hashed as their UTF-8 bytes (as the reference implementation's
 * command-line tool does), and the byte copies are wiped; {@link #verify} compares with
 * {@link MessageDigest#isEqual} and answers {@code false}, never an exception, for a malformed,
 * foreign or out-of-bounds stored string; no message ever contains a password.
 * Instances are thread-safe.
 */
public final class Argon2idHasher {

    public static final int SALT_BYTES = 16;
    public static final int HASH_BYTES = 32;

    private final Argon2idParameters parameters;
    private final SecureRandom random;

    /** A hasher with {@link Argon2idParameters#DEFAULTS}. */
    public Argon2idHasher() {
        this(Argon2idParameters.DEFAULTS);
    }

    public Argon2idHasher(Argon2idParameters parameters) {
        this(parameters, new SecureRandom());
    }

    public Argon2idHasher(Argon2idParameters parameters, SecureRandom random) {
        this.parameters = Objects.requireNonNull(parameters, "parameters");
        this.random = Objects.requireNonNull(random, "random");
    }

    public Argon2idParameters parameters() {
        return parameters;
    }

    /**
     * The PHC string to store for {@code password}.
     *
     * @throws IllegalArgumentException when the password is missing or is not valid UTF-16 (an
     *                                  unpaired surrogate), which no keyboard produces
     */
    public String hash(char[] password) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        return hash(password, salt);
    }

    /** {@link #hash(char[])} with a given salt, for known-answer tests. */
    String hash(char[] password, byte[] salt) {
        byte[] utf8 = utf8(password).orElseThrow(() ->
                new IllegalArgumentException("password is missing or is not valid UTF-16"));
        try {
            return new Argon2idPhcString(parameters, salt, derive(utf8, parameters, salt, HASH_BYTES)).toString();
        } finally {
            Arrays.fill(utf8, (byte) 0);
        }
    }

    /** Whether {@code password} is the one {@code phc} was made from; never throws. */
    public boolean verify(char[] password, String phc) {
        Optional<Argon2idPhcString> stored = Argon2idPhcString.parse(phc);
        Optional<byte[]> utf8 = utf8(password);
        if (stored.isEmpty() || utf8.isEmpty()) {
            return false;
        }
        Argon2idPhcString expected = stored.get();
        try {
            byte[] actual = derive(utf8.get(), expected.parameters(), expected.salt(), expected.hashLength());
            return MessageDigest.isEqual(actual, expected.hash());
        } finally {
            Arrays.fill(utf8.get(), (byte) 0);
        }
    }

    /**
     * Whether {@code phc} should be replaced by a fresh hash: it was made with other parameters, salt
     * length or hash length than this hasher's, or it is not a usable Argon2id hash at all.
     */
    public boolean needsRehash(String phc) {
        return Argon2idPhcString.parse(phc)
                .map(stored -> !stored.parameters().equals(parameters)
                        || stored.saltLength() != SALT_BYTES
                        || stored.hashLength() != HASH_BYTES)
                .orElse(true);
    }

    private static byte[] derive(byte[] password, Argon2idParameters cost, byte[] salt, int length) {
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(cost.memoryKiB())
                .withIterations(cost.iterations())
                .withParallelism(cost.parallelism())
                .withSalt(salt)
                .build());
        byte[] out = new byte[length];
        generator.generateBytes(password, out);
        return out;
    }

    /** UTF-8 bytes in one buffer sized for the worst case (3 bytes per char), so no copy is left unwiped. */
    private static Optional<byte[]> utf8(char[] password) {
        if (password == null || password.length > Integer.MAX_VALUE / 3) {
            return Optional.empty();
        }
        ByteBuffer out = ByteBuffer.allocate(password.length * 3);
        try {
            CharsetEncoder encoder = StandardCharsets.UTF_8.newEncoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT);
            CoderResult result = encoder.encode(CharBuffer.wrap(password), out, true);
            if (result.isError() || encoder.flush(out).isError()) {
                return Optional.empty();
            }
            return Optional.of(Arrays.copyOf(out.array(), out.position()));
        } finally {
            Arrays.fill(out.array(), (byte) 0);
        }
    }
}
