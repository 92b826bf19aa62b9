package sh.velocity.audit.domain.export;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import sh.velocity.audit.domain.merkle.CheckpointVerifier;

/**
 * Which public keys may vouch for an export's checkpoints. By default the keys the export's header
 * lists: that proves the checkpoints and the events agree, but a forger who rewrites an export can
 * put his own key in its header. Pinned keys, obtained earlier and kept apart from the export, are
 * the only ones then accepted, and a checkpoint signed by any other key fails.
 */
public final class KeyTrust {

    private final Map<String, CheckpointVerifier> pinned;

    private KeyTrust(Map<String, CheckpointVerifier> pinned) {
        this.pinned = pinned;
    }

    /** Trusts the keys the export itself lists. */
    public static KeyTrust exportKeys() {
        return new KeyTrust(Map.of());
    }

    /** Trusts only these keys; an empty collection is refused, since it would trust the export's keys. */
    public static KeyTrust pinned(Collection<CheckpointVerifier> keys) {
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("pin at least one key");
        }
        Map<String, CheckpointVerifier> byId = new LinkedHashMap<>();
        keys.forEach(k -> byId.put(k.keyId(), k));
        return new KeyTrust(Map.copyOf(byId));
    }

    public boolean isPinned() {
        return !pinned.isEmpty();
    }

    /** The key for {@code keyId}: a pinned one when pinning, else one of the export's own keys. */
    Optional<CheckpointVerifier> keyFor(String keyId, Map<String, CheckpointVerifier> exportKeys) {
        return Optional.ofNullable(isPinned() ? pinned.get(keyId) : exportKeys.get(keyId));
    }
}
