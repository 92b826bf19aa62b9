package sh.velocity.records.domain.encryption;

import java.util.Objects;
import javax.crypto.SecretKey;

/**
 * One version of an organisation's data key (DEK), unwrapped: 32 random bytes used only for the
 * values of that organisation's phi, pci and secret fields. Versions start at 1 and grow by one per
 * rotation; a ciphertext names the version it was sealed under.
 */
public record DataKey(String namespace, int version, SecretKey key) {

    public DataKey {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(key, "key");
        if (version < 1) {
            throw new IllegalArgumentException("key versions start at 1");
        }
        if (key.getEncoded() == null || key.getEncoded().length != FieldCipher.KEY_BYTES) {
            throw new IllegalArgumentException("a data key is " + FieldCipher.KEY_BYTES + " bytes");
        }
    }

    @Override
    public String toString() {
        return "DataKey[" + namespace + " v" + version + "]";
    }
}
