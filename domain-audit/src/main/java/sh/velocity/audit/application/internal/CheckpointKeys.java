package sh.velocity.audit.application.internal;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import sh.velocity.audit.domain.merkle.CheckpointSigner;
import sh.velocity.audit.domain.merkle.CheckpointVerifier;
import sh.velocity.kernel.secrets.KeyFiles;

/**
 * The Ed25519 key that signs checkpoints, from {@code velocity.audit.checkpoint-key-file} (generated
 * once when absent). Only its public half is ever published; a database superuser who rewrites the
 * log cannot sign a matching checkpoint without this file.
 */
@ApplicationScoped
public class CheckpointKeys {

    @Inject
    @ConfigProperty(name = "velocity.audit.checkpoint-key-file", defaultValue = "audit-checkpoint.key")
    String keyFile;

    /**
     * Public keys (base64 X.509, comma-separated) whose checkpoints verify besides this server's own:
     * the keys of other replicas that do not share its key file, and retired keys after a rotation.
     */
    @Inject
    @ConfigProperty(name = "velocity.audit.trusted-checkpoint-keys")
    Optional<String> trustedKeys;

    private CheckpointSigner signer;
    private Map<String, CheckpointVerifier> byKeyId;
    private List<CheckpointVerifier> all;

    @PostConstruct
    void load() {
        signer = CheckpointSigner.fromKeyFileText(KeyFiles.readOrCreate(keyFile, "audit checkpoint signing key",
                () -> CheckpointSigner.generate().keyFileText()));
        CheckpointVerifier own = signer.verifier();
        Map<String, CheckpointVerifier> keys = new HashMap<>();
        keys.put(own.keyId(), own);
        for (String encoded : trustedKeys.orElse("").split(",")) {
            if (!encoded.isBlank()) {
                CheckpointVerifier trusted = CheckpointVerifier.ofBase64(encoded.trim());
                keys.put(trusted.keyId(), trusted);
            }
        }
        byKeyId = Map.copyOf(keys);
        List<CheckpointVerifier> ordered = new ArrayList<>();
        ordered.add(own);
        keys.values().stream().filter(k -> !k.keyId().equals(own.keyId()))
                .sorted(Comparator.comparing(CheckpointVerifier::keyId)).forEach(ordered::add);
        all = List.copyOf(ordered);
    }

    /** Every key whose checkpoints verify here, this server's own first: what an export lists. */
    List<CheckpointVerifier> all() {
        return all;
    }

    /** The verifier for a checkpoint's key id: this server's key or a configured trusted one. */
    Optional<CheckpointVerifier> verifierFor(String keyId) {
        return Optional.ofNullable(byKeyId.get(keyId));
    }

    CheckpointSigner signer() {
        return signer;
    }

    String keyId() {
        return signer.keyId();
    }

    String publicKeyBase64() {
        return signer.publicKeyBase64();
    }
}
