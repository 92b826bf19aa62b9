package sh.velocity.auth.domain;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts small secrets kept in the database (TOTP seeds) under the server's secrets key:
 * AES-256-GCM, a fresh 96-bit nonce per value, stored as {@code nonce ‖ ciphertext ‖ tag}. The
 * context (the row the value belongs to, e.g. the username) is authenticated as associated data,
 * so a value copied into another row does not decrypt. A database dump alone reveals no seed.
 */
public final class SecretBox {

    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretKeySpec key;
    private final SecureRandom random;

    public SecretBox(byte[] key256, SecureRandom random) {
        if (key256.length != 32) {
            throw new IllegalArgumentException("the secrets key must be 32 bytes");
        }
        this.key = new SecretKeySpec(key256.clone(), "AES");
        this.random = random;
    }

    public byte[] seal(byte[] plaintext, String context) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plaintext);
            byte[] out = Arrays.copyOf(nonce, NONCE_BYTES + sealed.length);
            System.arraycopy(sealed, 0, out, NONCE_BYTES, sealed.length);
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    /** The plaintext; throws {@link Tampered} when the value or its context does not authenticate. */
    public byte[] open(byte[] sealed, String context) throws Tampered {
        if (sealed == null || sealed.length < NONCE_BYTES + TAG_BITS / 8) {
            throw new Tampered();
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed, 0, NONCE_BYTES));
            cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            return cipher.doFinal(sealed, NONCE_BYTES, sealed.length - NONCE_BYTES);
        } catch (javax.crypto.AEADBadTagException e) {
            throw new Tampered();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    /** The sealed value was altered, belongs to another context, or was sealed under another key. */
    public static final class Tampered extends Exception {

        private static final long serialVersionUID = 1L;

        public Tampered() {
            super("the sealed value does not authenticate", null, false, false);
        }
    }
}
