package sh.velocity.records.application.internal;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import sh.velocity.audit.api.AuditEvent;
import sh.velocity.audit.api.AuditTrail;
import sh.velocity.auth.api.Authorizer;
import sh.velocity.auth.api.Verb;
import sh.velocity.kernel.json.Jsonp;
import sh.velocity.kernel.problem.ErrorCode;
import sh.velocity.kernel.problem.FieldError;
import sh.velocity.kernel.problem.VelocityException;
import sh.velocity.kernel.request.RequestContext;
import sh.velocity.records.api.KeyManagement;
import sh.velocity.records.domain.encryption.KeyProvider;
import sh.velocity.records.infrastructure.persistence.JdbcDataKeys;
import sh.velocity.records.infrastructure.persistence.JdbcDataKeys.StoredKey;
import sh.velocity.records.infrastructure.persistence.JdbcKeyRotations;
import sh.velocity.records.infrastructure.persistence.JdbcRecordStore;
import sh.velocity.schema.api.FieldSpec;
import sh.velocity.schema.api.RecordType;
import sh.velocity.schema.api.RecordTypes;

/**
 * Data-key administration: {@code encryption.manage} on {@code *} for everything, each change
 * audited on the platform chain in its own transaction. A rotation commits the new key version
 * first (new values are sealed under it from that moment, on every replica) and leaves the
 * re-encryption of existing values to {@link KeyRotationWorker}.
 */
@ApplicationScoped
public class DefaultKeyManagement implements KeyManagement {

    private static final Pattern NAMESPACE = Pattern.compile("[a-z][a-z0-9-]{0,62}");

    @Inject
    Authorizer authorizer;

    @Inject
    AuditTrail audit;

    @Inject
    RequestContext request;

    @Inject
    DataKeyRing ring;

    @Inject
    KeyProvider provider;

    @Inject
    JdbcDataKeys keys;

    @Inject
    JdbcKeyRotations rotations;

    @Inject
    JdbcRecordStore store;

    @Inject
    RecordTypes types;

    @Override
    @Transactional
    public List<KeyVersion> keys(String namespace) {
        require("encryption.keys");
        try {
            List<StoredKey> stored = keys.list(namespace == null ? null : namespace(namespace));
            return stored.stream().map(k -> new KeyVersion(k.namespace(), k.version(), k.kekId(),
                    stored.stream().filter(o -> o.namespace().equals(k.namespace()))
                            .mapToInt(StoredKey::version).max().orElse(0) == k.version(),
                    k.createdAt(), k.createdBy(), k.rewrappedAt(), k.retiredAt())).toList();
        } catch (SQLException e) {
            throw new VelocityException(ErrorCode.INTERNAL_ERROR, "The data keys could not be read.");
        }
    }

    @Override
    @Transactional
    public KeyRotation rotate(String namespace) {
        require("encryption.rotate");
        String ns = namespace(namespace);
        unavailable().ifPresent(why -> {
            throw new VelocityException(ErrorCode.SERVER_MISCONFIGURED, why);
        });
        try {
            StoredKey newest = keys.newest(ns).orElseThrow(() -> new VelocityException(ErrorCode.NOT_FOUND,
                    "Organisation '" + ns + "' has no data key yet: none of its phi, pci or secret values was ever "
                            + "written, so there is nothing to rotate."));
            Optional<KeyRotation> running = rotations.latest(ns, 1).stream()
                    .filter(r -> "running".equals(r.state())).findFirst();
            if (running.isPresent()) {
                throw new VelocityException(ErrorCode.CONFLICT, "A key rotation of '" + ns + "' is running ("
                        + running.get().id() + ", " + running.get().done() + " of " + running.get().total()
                        + " values done); wait for it to finish.");
            }
            int next = newest.version() + 1;
            ring.create(ns, next, request.actor());
            long total = 0;
            for (RecordType type : encryptedTypes(ns)) {
                total += store.countNotUnderKey(type, next, KeyRotationWorker.PRINCIPAL);
            }
            KeyRotation rotation = rotations.insert(ns, next, total, request.actor());
            audit.append(AuditEvent.success(AuditEvent.PLATFORM_CHAIN, "encryption.rotate", "encryption/" + ns,
                    Jsonp.createObjectBuilder().add("rotation", rotation.id().toString()).add("keyVersion", next)
                            .add("values", total).build()));
            return rotation;
        } catch (SQLException e) {
            if ("23505".equals(e.getSQLState())) {
                throw new VelocityException(ErrorCode.CONFLICT, "A key rotation of '" + ns + "' was started at the "
                        + "same moment; wait for it to finish.");
            }
            throw new VelocityException(ErrorCode.INTERNAL_ERROR, "The key rotation could not be started.");
        }
    }

    @Override
    @Transactional
    public Optional<KeyRotation> rotation(UUID id) {
        require("encryption.rotation.read");
        try {
            return rotations.find(id);
        } catch (SQLException e) {
            throw new VelocityException(ErrorCode.INTERNAL_ERROR, "The key rotation could not be read.");
        }
    }

    @Override
    @Transactional
    public List<KeyRotation> rotations(String namespace) {
        require("encryption.rotation.list");
        try {
            return rotations.latest(namespace == null ? null : namespace(namespace), 100);
        } catch (SQLException e) {
            throw new VelocityException(ErrorCode.INTERNAL_ERROR, "The key rotations could not be read.");
        }
    }

    @Override
    @Transactional
    public int rewrap() {
        require("encryption.rewrap");
        unavailable().ifPresent(why -> {
            throw new VelocityException(ErrorCode.SERVER_MISCONFIGURED, why);
        });
        try {
            String kek = provider.currentKekId();
            List<StoredKey> stale = keys.wrappedUnderOtherThan(kek);
            for (StoredKey k : stale) {
                ring.rewrap(k);
            }
            audit.append(AuditEvent.success(AuditEvent.PLATFORM_CHAIN, "encryption.rewrap", "encryption",
                    Jsonp.createObjectBuilder().add("kekId", kek).add("rewrapped", stale.size()).build()));
            return stale.size();
        } catch (SQLException e) {
            throw new VelocityException(ErrorCode.INTERNAL_ERROR, "The data keys could not be re-wrapped.");
        }
    }

    @Override
    public Optional<String> unavailable() {
        return provider.problem();
    }

    /** The organisation's record types with at least one encrypted field. */
    public List<RecordType> encryptedTypes(String namespace) {
        return types.inNamespace(namespace).stream()
                .filter(t -> t.fields().stream().anyMatch(FieldSpec::encrypted)).toList();
    }

    private void require(String operation) {
        authorizer.require(Verb.ENCRYPTION_MANAGE, Verb.PLATFORM_SCOPE, AuditEvent.PLATFORM_CHAIN, operation);
    }

    private static String namespace(String namespace) {
        if (namespace == null || !NAMESPACE.matcher(namespace).matches()) {
            throw new VelocityException(ErrorCode.VALIDATION_FAILED, "namespace must be an organisation name "
                    + "([a-z][a-z0-9-]{0,62}).", List.of(new FieldError("namespace", "not an organisation name")));
        }
        return namespace;
    }
}
