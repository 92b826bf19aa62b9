package sh.velocity.audit.application.internal;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
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

    private CheckpointSigner signer;
    private CheckpointVerifier verifier;

    @PostConstruct
    void load() {
        signer = CheckpointSigner.fromKeyFileText(KeyFiles.readOrCreate(keyFile, "audit checkpoint signing key",
                () -> CheckpointSigner.generate().keyFileText()));
        verifier = signer.verifier();
    }

    CheckpointSigner signer() {
        return signer;
    }

    CheckpointVerifier verifier() {
        return verifier;
    }

    String keyId() {
        return signer.keyId();
    }

    String publicKeyBase64() {
        return signer.publicKeyBase64();
    }
}
