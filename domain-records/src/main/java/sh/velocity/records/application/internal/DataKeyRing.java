package sh.velocity.records.application.internal;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.spec.SecretKeySpec;
import sh.velocity.kernel.problem.ErrorCode;
import sh.velocity.kernel.problem.VelocityException;
import sh.velocity.records.domain.encryption.DataKey;
import sh.velocity.records.domain.encryption.FieldCipher;
import sh.velocity.records.domain.encryption.KeyProvider;
import sh.velocity.records.infrastructure.persistence.JdbcDataKeys;
import sh.velocity.records.infrastructure.persistence.JdbcDataKeys.StoredKey;

/**
 * Organisations' data keys, unwrapped through the {@link KeyProvider} on first use and kept in
 * memory (never logged, never stored in clear). The current version is read from the database on
 * every write, so a rotation started on any replica takes effect everywhere at once; an
 * organisation's first key is made by its first encrypted write (in that write's transaction).
 */
@ApplicationScoped
public class DataKeyRing {

    private final SecureRandom random = new SecureRandom();
    private final Map<String, DataKey> unwrapped = new ConcurrentHashMap<>();

    @Inject
    KeyProvider provider;

    @Inject
    JdbcDataKeys keys;

    /** The version new values of the organisation are sealed under; created (version 1) when it has none. */
    public DataKey current(String namespace, String actor) {
        requireProvider();
        try {
            StoredKey newest = keys.newest(namespace).orElse(null);
            if (newest == null) {
                create(namespace, 1, actor);
                newest = keys.newest(namespace).orElseThrow();
            }
            return unwrap(newest);
        } catch (SQLException e) {
            throw new VelocityException(ErrorCode.INTERNAL_ERROR, "The organisation's data key could not be read.");
        }
    }

    /** Version {@code version} of the organisation's key; null when there is no such version. */
    public DataKey version(String namespace, int version) {
        requireProvider();
        DataKey cached = unwrapped.get(namespace + "/" + version);
        if (cached != null) {
            return cached;
        }
        try {
            return keys.find(namespace, version).map(this::unwrap).orElse(null);
        } catch (SQLException e) {
            throw new VelocityException(ErrorCode.INTERNAL_ERROR, "The organisation's data key could not be read.");
        }
    }

    /** Makes version {@code version} of the organisation's key: 32 random bytes, stored wrapped. */
    void create(String namespace, int version, String actor) throws SQLException {
        byte[] key = new byte[FieldCipher.KEY_BYTES];
        random.nextBytes(key);
        try {
            keys.insert(namespace, version, provider.wrap(key, context(namespace, version)), provider.currentKekId(),
                    actor);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    /** Re-wraps one stored key under the current KEK (the data key itself does not change). */
    void rewrap(StoredKey stored) throws SQLException {
        String context = context(stored.namespace(), stored.version());
        byte[] key = unwrapBytes(stored);
        try {
            keys.rewrap(stored.namespace(), stored.version(), provider.wrap(key, context), provider.currentKekId());
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    private DataKey unwrap(StoredKey stored) {
        return unwrapped.computeIfAbsent(stored.namespace() + "/" + stored.version(), k -> {
            byte[] key = unwrapBytes(stored);
            try {
                return new DataKey(stored.namespace(), stored.version(), new SecretKeySpec(key, "AES"));
            } finally {
                Arrays.fill(key, (byte) 0);
            }
        });
    }

    private byte[] unwrapBytes(StoredKey stored) {
        try {
            return provider.unwrap(stored.wrappedKey(), stored.kekId(), context(stored.namespace(), stored.version()));
        } catch (KeyProvider.KeyUnavailable e) {
            throw new VelocityException(ErrorCode.SERVER_MISCONFIGURED, "Data key " + stored.version() + " of "
                    + stored.namespace() + " cannot be unwrapped: " + e.getMessage() + ".");
        }
    }

    private void requireProvider() {
        if (!provider.usable()) {
            throw new VelocityException(ErrorCode.SERVER_MISCONFIGURED, "Field encryption is not configured on this "
                    + "server (velocity.encryption.kek-file): phi, pci and secret fields can be neither written nor "
                    + "read.");
        }
    }

    private static String context(String namespace, int version) {
        return namespace + "|" + version;
    }
}
