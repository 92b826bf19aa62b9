package sh.velocity.audit.domain.merkle;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.HexFormat;

/**
 * Decodes checkpoint keys with the JDK's own Ed25519 (JEP 339). The key factory is the Ed25519 one,
 * not the generic EdDSA one, so an Ed448 key or any other algorithm's key is refused rather than
 * silently accepted. Error messages never repeat the key material.
 */
final class Ed25519Keys {

    static final String ALGORITHM = "Ed25519";
    private static final int KEY_ID_HEX_CHARS = 16;

    private Ed25519Keys() {
    }

    static PublicKey publicKey(byte[] x509) {
        try {
            return KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(x509.clone()));
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new IllegalArgumentException("not an X.509-encoded Ed25519 public key", e);
        }
    }

    static PrivateKey privateKey(byte[] pkcs8) {
        try {
            return KeyFactory.getInstance(ALGORITHM).generatePrivate(new PKCS8EncodedKeySpec(pkcs8.clone()));
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new IllegalArgumentException("not a PKCS#8-encoded Ed25519 private key", e);
        }
    }

    /** The first 16 hex characters of SHA-256 over the X.509 encoding: short, stable, public. */
    static String keyId(byte[] x509) {
        return HexFormat.of().formatHex(Sha256.newDigest().digest(x509)).substring(0, KEY_ID_HEX_CHARS);
    }
}
