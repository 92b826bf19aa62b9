package sh.velocity.records.application.internal;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;
import sh.velocity.audit.api.AuditEvent;
import sh.velocity.audit.api.AuditTrail;
import sh.velocity.kernel.json.Jsonp;
import sh.velocity.records.api.KeyManagement.KeyRotation;
import sh.velocity.records.domain.encryption.DataKey;
import sh.velocity.records.domain.encryption.FieldCiphertext;
import sh.velocity.records.domain.encryption.UnreadableValue;
import sh.velocity.records.infrastructure.persistence.JdbcDataKeys;
import sh.velocity.records.infrastructure.persistence.JdbcKeyRotations;
import sh.velocity.records.infrastructure.persistence.JdbcRecordStore;
import sh.velocity.records.infrastructure.persistence.JdbcRecordStore.StoredCiphertexts;
import sh.velocity.schema.api.FieldSpec;
import sh.velocity.schema.api.RecordType;

/**
 * One batch of a key rotation per transaction: claims a running rotation no other replica holds
 * ({@code FOR UPDATE SKIP LOCKED} on its row), re-encrypts up to a batch of records still holding
 * values under an older key version (or, in a database that predates encryption, in clear),
 * and adds them to the progress. Progress lives in the database, so a restart resumes where the
 * last committed batch ended. A rotation is done when a pass finds nothing left, once writes that
 * began before it (sealed under the older key) have had time to commit.
 */
@ApplicationScoped
public class KeyRotationBatches {

    private static final Logger LOG = Logger.getLogger(KeyRotationBatches.class.getName());
    /** Longer than any write transaction that read the older key version before the rotation committed. */
    static final Duration SETTLE = Duration.ofSeconds(5);

    @Inject
    JdbcKeyRotations rotations;

    @Inject
    JdbcDataKeys keys;

    @Inject
    JdbcRecordStore store;

    @Inject
    DataKeyRing ring;

    @Inject
    FieldEncryption encryption;

    @Inject
    DefaultKeyManagement management;

    @Inject
    AuditTrail audit;

    /** Runs one batch; false when there was nothing to do now. */
    @Transactional
    public boolean step(int batchSize) {
        try {
            Optional<KeyRotation> claimed = rotations.claimRunning();
            if (claimed.isEmpty()) {
                return false;
            }
            KeyRotation rotation = claimed.get();
            String namespace = rotation.namespace();
            DataKey target = ring.version(namespace, rotation.keyVersion());
            int budget = batchSize;
            long done = 0;
            for (RecordType type : management.encryptedTypes(namespace)) {
                List<StoredCiphertexts> rows = store.notUnderKey(type, target.version(), budget,
                        KeyRotationWorker.PRINCIPAL);
                for (StoredCiphertexts row : rows) {
                    Map<String, String> rewritten = new LinkedHashMap<>();
                    for (Map.Entry<String, String> e : row.values().entrySet()) {
                        String stored = e.getValue();
                        if (stored == null || stored.startsWith(FieldCiphertext.prefix(target.version()))) {
                            continue;
                        }
                        FieldSpec field = type.field(e.getKey()).orElseThrow();
                        String clear;
                        try {
                            clear = FieldCiphertext.parse(stored).isPresent()
                                    ? encryption.openText(type, row.id(), field, stored)
                                    : stored; // written in clear before encryption existed
                        } catch (UnreadableValue unreadable) {
                            fail(rotation, done, type, unreadable.getMessage());
                            return false;
                        }
                        rewritten.put(e.getKey(), encryption.seal(target, type, row.id(), field, clear));
                    }
                    if (!rewritten.isEmpty()) {
                        store.rewriteCiphertexts(type, new StoredCiphertexts(row.id(), rewritten),
                                KeyRotationWorker.PRINCIPAL);
                        done += rewritten.size();
                    }
                }
                budget -= rows.size();
                if (budget <= 0) {
                    break;
                }
            }
            if (budget < batchSize) {
                rotations.progress(rotation.id(), done);
                return true;
            }
            if (rotation.createdAt().plus(SETTLE).isAfter(OffsetDateTime.now()) || anyLeft(namespace, target)) {
                return false; // too early to be sure, or records another transaction holds: next pass
            }
            rotations.finish(rotation.id(), "done", null);
            keys.retireBelow(namespace, rotation.keyVersion());
            audit.append(AuditEvent.success(AuditEvent.PLATFORM_CHAIN, "encryption.rotated", "encryption/" + namespace,
                    Jsonp.createObjectBuilder().add("rotation", rotation.id().toString())
                            .add("keyVersion", rotation.keyVersion()).add("values", rotation.done()).build()));
            LOG.info("Key rotation " + rotation.id() + " of " + namespace + " to key version " + rotation.keyVersion()
                    + " is done: " + rotation.done() + " values re-encrypted");
            return true;
        } catch (SQLException e) {
            LOG.warning("A key rotation batch failed (SQLState " + e.getSQLState() + "); it is retried");
            throw new IllegalStateException("key rotation batch failed", e);
        }
    }

    /** Whether any value is still under another key version, locked rows included. */
    private boolean anyLeft(String namespace, DataKey target) throws SQLException {
        for (RecordType type : management.encryptedTypes(namespace)) {
            if (store.countNotUnderKey(type, target.version(), KeyRotationWorker.PRINCIPAL) > 0) {
                return true;
            }
        }
        return false;
    }

    private void fail(KeyRotation rotation, long done, RecordType type, String why) throws SQLException {
        if (done > 0) {
            rotations.progress(rotation.id(), done);
        }
        String error = why + "; fix or remove that value and start a new rotation";
        rotations.finish(rotation.id(), "failed", error);
        audit.append(AuditEvent.failure(AuditEvent.PLATFORM_CHAIN, "encryption.rotated",
                "encryption/" + rotation.namespace(), "ENCRYPTED_VALUE_UNREADABLE"));
        LOG.warning("Key rotation " + rotation.id() + " of " + rotation.namespace() + " stopped in " + type.path()
                + ": " + why);
    }
}
