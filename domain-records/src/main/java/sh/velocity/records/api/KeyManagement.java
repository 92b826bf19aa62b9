package sh.velocity.records.api;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Field encryption keys as an administrator sees them: metadata of each organisation's data-key
 * versions (never key material), key rotations with their progress, and re-wrapping every data key
 * under the current key-encryption key. Every operation needs {@code encryption.manage} on
 * {@code *} and is audited on the platform chain.
 */
public interface KeyManagement {

    /** One version of an organisation's data key. {@code current}: new values are sealed under it. */
    record KeyVersion(String namespace, int version, String kekId, boolean current, OffsetDateTime createdAt,
                      String createdBy, OffsetDateTime rewrappedAt, OffsetDateTime retiredAt) {
    }

    /**
     * A rotation to {@code keyVersion}: {@code total} values to re-encrypt when it started (values
     * written meanwhile are sealed under the new version already), {@code done} so far.
     */
    record KeyRotation(UUID id, String namespace, int keyVersion, String state, long total, long done, String error,
                       String requestedBy, OffsetDateTime createdAt, OffsetDateTime updatedAt,
                       OffsetDateTime finishedAt) {
    }

    /** Key versions of one organisation, or of all when {@code namespace} is null. */
    List<KeyVersion> keys(String namespace);

    /**
     * Creates the organisation's next data-key version (new values are sealed under it from now on)
     * and starts re-encrypting existing values in the background. 409 while one is running.
     */
    KeyRotation rotate(String namespace);

    Optional<KeyRotation> rotation(UUID id);

    /** The latest rotations, of one organisation or all, newest first. */
    List<KeyRotation> rotations(String namespace);

    /** Re-wraps every data key not wrapped under the current KEK; the number re-wrapped. */
    int rewrap();

    /** Why fields cannot be encrypted or read now (no valid KEK), if so: for readiness. */
    Optional<String> unavailable();
}
