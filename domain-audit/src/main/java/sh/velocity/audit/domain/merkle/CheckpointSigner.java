package sh.velocity.audit.domain.merkle;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.util.Objects;

/**
 * Signs checkpoints ({@link TreeHead#signedBytes()}) with an Ed25519 key: deterministic signatures
 * (RFC 8032), no randomness to get wrong at signing time, 64-byte signatures.
 *
 * <p>Invariant: the private key and the public key it is published under belong together. A pair
 * loaded from outside is checked by signing a probe with one and verifying it with the other, since
 * a mismatch would produce checkpoints nobody can verify and would otherwise surface only when an
 * auditor needs them. The private key never appears in {@link #toString()} or in an error message.
 */
public final class CheckpointSigner {

    private static final byte[] PAIR_PROBE = "velocity-checkpoint-key-pair-check\n".getBytes(StandardCharsets.UTF_8);

    private final PrivateKey privateKey;
    private final CheckpointVerifier verifier;

    private CheckpointSigner(PrivateKey privateKey, CheckpointVerifier verifier) {
        this.privateKey = privateKey;
        this.verifier = verifier;
    }

    /** A fresh key pair from the platform's default {@code SecureRandom}. */
    public static CheckpointSigner generate() {
        try {
            KeyPair pair = KeyPairGenerator.getInstance(Ed25519Keys.ALGORITHM).generateKeyPair();
            return new CheckpointSigner(pair.getPrivate(), CheckpointVerifier.of(pair.getPublic().getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 is required by every Java 15+ platform", e);
        }
    }

    /** Refuses keys that are not Ed25519 or do not form a pair. */
    public static CheckpointSigner of(byte[] pkcs8PrivateKey, byte[] x509PublicKey) {
        Objects.requireNonNull(pkcs8PrivateKey, "pkcs8PrivateKey");
        CheckpointSigner signer = new CheckpointSigner(Ed25519Keys.privateKey(pkcs8PrivateKey),
                CheckpointVerifier.of(x509PublicKey));
        if (!signer.verifier.verifyMessage(PAIR_PROBE, signer.signMessage(PAIR_PROBE))) {
            throw new IllegalArgumentException("the checkpoint private key does not belong to public key "
                    + signer.keyId());
        }
        return signer;
    }

    /** Reads the format of {@link #keyFileText()}. */
    public static CheckpointSigner fromKeyFileText(String keyFileText) {
        CheckpointKeyFile file = CheckpointKeyFile.parse(Objects.requireNonNull(keyFileText, "keyFileText"));
        return of(file.pkcs8PrivateKey(), file.x509PublicKey());
    }

    /**
     * The key pair as two lines, {@code private <base64 PKCS#8>} and {@code public <base64 X.509>}.
     * It contains the secret: store it as one.
     */
    public String keyFileText() {
        return new CheckpointKeyFile(privateKey.getEncoded(), verifier.x509PublicKey()).text();
    }

    /** The 64-byte Ed25519 signature over {@code head.signedBytes()}. */
    public byte[] sign(TreeHead head) {
        return signMessage(Objects.requireNonNull(head, "head").signedBytes());
    }

    /** The 64-byte Ed25519 signature over {@code anchor.signedBytes()}. */
    public byte[] signAnchor(RetentionAnchor anchor) {
        return signMessage(Objects.requireNonNull(anchor, "anchor").signedBytes());
    }

    public String keyId() {
        return verifier.keyId();
    }

    public String publicKeyBase64() {
        return verifier.publicKeyBase64();
    }

    /** The verifier for this signer's public key. */
    public CheckpointVerifier verifier() {
        return verifier;
    }

    private byte[] signMessage(byte[] message) {
        try {
            Signature ed25519 = Signature.getInstance(Ed25519Keys.ALGORITHM);
            ed25519.initSign(privateKey);
            ed25519.update(message);
            return ed25519.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 signing failed with a key that was accepted as Ed25519", e);
        }
    }

    @Override
    public String toString() {
        return "CheckpointSigner[keyId=" + keyId() + "]";
    }
}
