package sh.velocity.records.domain.encryption;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.function.IntFunction;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;

/**
 * AES-256-GCM over one field value: a fresh 96-bit nonce from a {@link SecureRandom} per value
 * (never a counter, so replicas need no coordination; 2^32 values per key keep the collision
 * chance under 2^-32, and rotation bounds a key's use), a 128-bit tag, and the value's
 * {@link FieldContext} plus format and key version as associated data.
 *
 * <p>Opening either returns the exact plaintext sealed for that context or throws
 * {@link UnreadableValue}: a wrong key, an altered byte, or a value moved to another record or
 * field never yields a plaintext. Thread-safe.
 */
public final class FieldCipher {

    public static final int KEY_BYTES = 32;
    public static final int NONCE_BYTES = 12;
    public static final int TAG_BITS = 128;
    private static final String TRANSFORMATION = "AES/GCM/NoPadding";

    private final SecureRandom random;

    public FieldCipher(SecureRandom random) {
        this.random = random;
    }

    /** Seals {@code plaintext} for {@code context} under {@code key}. */
    public FieldCiphertext seal(DataKey key, String plaintext, FieldContext context) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(Cipher.ENCRYPT_MODE, key.key(), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(context.associatedData(key.version()));
            byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            byte[] out = Arrays.copyOf(nonce, NONCE_BYTES + sealed.length);
            System.arraycopy(sealed, 0, out, NONCE_BYTES, sealed.length);
            return new FieldCiphertext(key.version(), out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is required of every Java platform", e);
        }
    }

    /**
     * The plaintext of {@code stored} (the column's text), opened with the key version it names.
     *
     * @param keys the organisation's key of a version; null when there is no such version
     */
    public String open(String stored, FieldContext context, IntFunction<DataKey> keys) throws UnreadableValue {
        FieldCiphertext ciphertext = FieldCiphertext.parse(stored)
                .orElseThrow(() -> new UnreadableValue(context, "is not in the ciphertext format"));
        if (ciphertext.sealed().length < NONCE_BYTES + TAG_BITS / 8) {
            throw new UnreadableValue(context, "is truncated");
        }
        DataKey key = keys.apply(ciphertext.keyVersion());
        if (key == null) {
            throw new UnreadableValue(context, "names key version " + ciphertext.keyVersion()
                    + ", which the organisation does not have");
        }
        byte[] sealed = ciphertext.sealed();
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(Cipher.DECRYPT_MODE, key.key(), new GCMParameterSpec(TAG_BITS, sealed, 0, NONCE_BYTES));
            cipher.updateAAD(context.associatedData(ciphertext.keyVersion()));
            byte[] clear = cipher.doFinal(sealed, NONCE_BYTES, sealed.length - NONCE_BYTES);
            return new String(clear, StandardCharsets.UTF_8);
        } catch (AEADBadTagException e) {
            throw new UnreadableValue(context, "does not authenticate (altered, moved from another record or field, "
                    + "or sealed under another key)");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is required of every Java platform", e);
        }
    }
}
