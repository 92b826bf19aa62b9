package sh.velocity.records.domain.encryption;

/**
 * Wraps and unwraps organisations' data keys under a key-encryption key (KEK) that never leaves
 * the provider. The built-in provider holds the KEK from configuration; a KMS (AWS KMS, Vault
 * Transit) implements the same three operations. Data keys are stored only wrapped.
 *
 * <p>{@code context} is authenticated with the wrapped key (organisation and key version), so a
 * wrapped key copied to another organisation's row does not unwrap.
 */
public interface KeyProvider {

    /** The id of the KEK that {@link #wrap} uses now; stored beside each wrapped key. */
    String currentKekId();

    /** True when the provider can wrap and unwrap (its KEK is configured and valid). */
    default boolean usable() {
        return problem().isEmpty();
    }

    /** Why the provider cannot wrap or unwrap, if so: a sentence naming the setting, never key material. */
    java.util.Optional<String> problem();

    /** {@code dataKey} wrapped under the current KEK. */
    byte[] wrap(byte[] dataKey, String context);

    /**
     * The data key wrapped under KEK {@code kekId} (the current one or one kept for reading).
     *
     * @throws KeyUnavailable when the KEK is not held or the wrapped key does not authenticate
     */
    byte[] unwrap(byte[] wrapped, String kekId, String context) throws KeyUnavailable;

    /** A data key cannot be unwrapped; the message names the KEK id, never key material. */
    final class KeyUnavailable extends Exception {

        private static final long serialVersionUID = 1L;

        public KeyUnavailable(String message) {
            super(message, null, false, false);
        }
    }
}
