package sh.velocity.audit.domain.merkle;

import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;
import java.util.Objects;

/**
 * Checks Ed25519 checkpoint signatures with one public key. This is all an outside auditor needs
 * besides the documented {@link TreeHead#signedBytes()}, so it holds no secret.
 *
 * <p>{@link #verify} answers {@code true} or {@code false} and never throws: a {@code null}, a
 * signature of the wrong length or any other malformed input is simply not a valid signature.
 * Building a verifier from something that is not an Ed25519 public key fails at once instead, since
 * that is a configuration mistake, not an attack.
 */
public final class CheckpointVerifier {

    /**
     * RFC 8032's length. Checked here because the JDK reads S from everything after R, so a valid
     * signature with zero bytes appended would verify too: one checkpoint, many signatures.
     */
    private static final int SIGNATURE_LENGTH = 64;

    private final PublicKey publicKey;
    private final byte[] x509;
    private final String keyId;

    private CheckpointVerifier(byte[] x509) {
        this.publicKey = Ed25519Keys.publicKey(x509);
        this.x509 = x509.clone();
        this.keyId = Ed25519Keys.keyId(this.x509);
    }

    /** @param x509PublicKey an Ed25519 public key in X.509 SubjectPublicKeyInfo encoding */
    public static CheckpointVerifier of(byte[] x509PublicKey) {
        return new CheckpointVerifier(Objects.requireNonNull(x509PublicKey, "x509PublicKey"));
    }

    /** The inverse of {@link #publicKeyBase64()}. */
    public static CheckpointVerifier ofBase64(String x509PublicKeyBase64) {
        Objects.requireNonNull(x509PublicKeyBase64, "x509PublicKeyBase64");
        try {
            return of(Base64.getDecoder().decode(x509PublicKeyBase64.strip()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a base64 X.509-encoded Ed25519 public key", e);
        }
    }

    public boolean verify(TreeHead head, byte[] signature) {
        return head != null && verifyMessage(head.signedBytes(), signature);
    }

    public boolean verifyAnchor(RetentionAnchor anchor, byte[] signature) {
        return anchor != null && verifyMessage(anchor.signedBytes(), signature);
    }

    boolean verifyMessage(byte[] message, byte[] signature) {
        if (signature == null || signature.length != SIGNATURE_LENGTH) {
            return false;
        }
        try {
            Signature ed25519 = Signature.getInstance(Ed25519Keys.ALGORITHM);
            ed25519.initVerify(publicKey);
            ed25519.update(message);
            return ed25519.verify(signature);
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    /** First 16 hex characters of SHA-256 over the X.509 encoding; names the key in checkpoints. */
    public String keyId() {
        return keyId;
    }

    /** The X.509 encoding, base64 (RFC 4648, with padding). */
    public String publicKeyBase64() {
        return Base64.getEncoder().encodeToString(x509);
    }

    byte[] x509PublicKey() {
        return x509.clone();
    }

    @Override
    public String toString() {
        return "CheckpointVerifier[keyId=" + keyId + "]";
    }
}
