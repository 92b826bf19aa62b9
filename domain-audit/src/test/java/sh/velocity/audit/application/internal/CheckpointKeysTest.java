package sh.velocity.audit.application.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import sh.velocity.audit.domain.merkle.CheckpointSigner;

/** Checkpoints of other replicas' keys verify only when their public keys are configured as trusted. */
class CheckpointKeysTest {

    @Test
    void ownKeyAndConfiguredKeysAreTrustedAndNoOtherKey() throws Exception {
        Path dir = Files.createTempDirectory("checkpoint-keys");
        CheckpointSigner otherReplica = CheckpointSigner.generate();
        CheckpointSigner stranger = CheckpointSigner.generate();
        CheckpointKeys keys = new CheckpointKeys();
        keys.keyFile = dir.resolve("audit-checkpoint.key").toString();
        keys.trustedKeys = Optional.of(" " + otherReplica.publicKeyBase64() + " ");
        keys.load();
        assertTrue(keys.verifierFor(keys.keyId()).isPresent());
        assertTrue(keys.verifierFor(otherReplica.keyId()).isPresent());
        assertFalse(keys.verifierFor(stranger.keyId()).isPresent());
        assertTrue(Files.exists(dir.resolve("audit-checkpoint.key")), "generated once, owner-only");
    }
}
