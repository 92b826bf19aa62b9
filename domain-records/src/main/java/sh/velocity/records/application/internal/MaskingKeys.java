package sh.velocity.records.application.internal;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import sh.velocity.kernel.masking.Masker;
import sh.velocity.records.domain.RecordMasking;

/**
 * Holds the deployment's masking key ({@code VELOCITY_MASKING_HASH_KEY}, base64, at least 32
 * bytes) for the {@code hash} strategy. Without one, a random key is made at start-up: hashes
 * stay unlinkable but change across restarts, which the log says once. The masking it hands out
 * decrypts encrypted fields through {@link FieldEncryption} before masking them.
 */
@ApplicationScoped
public class MaskingKeys {

    private static final Logger LOG = Logger.getLogger(MaskingKeys.class.getName());

    @Inject
    FieldEncryption encryption;

    @Inject
    @ConfigProperty(name = "velocity.masking.hash-key")
    Optional<String> configuredKey;

    private RecordMasking masking;
    private Masker masker;

    @PostConstruct
    void init() {
        byte[] key;
        if (configuredKey.isPresent() && !configuredKey.get().isBlank()) {
            key = Base64.getDecoder().decode(configuredKey.get().trim());
        } else {
            key = new byte[32];
            new SecureRandom().nextBytes(key);
            LOG.warning("velocity.masking.hash-key is not set: a random key is used for the 'hash' masking "
                    + "strategy, so hashed values will differ after a restart.");
        }
        masker = new Masker(key);
        masking = new RecordMasking(masker, encryption);
    }

    public RecordMasking masking() {
        return masking;
    }

    /** A keyed hash of a personal identifier, for audit events that must not hold the identifier. */
    public String pseudonym(String identifier) {
        return masker.apply(identifier, sh.velocity.kernel.masking.MaskingStrategy.HASH, 0);
    }
}
