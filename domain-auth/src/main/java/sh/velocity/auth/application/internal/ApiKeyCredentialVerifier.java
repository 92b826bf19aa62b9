package sh.velocity.auth.application.internal;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import sh.velocity.auth.api.Authentication;
import sh.velocity.auth.api.CredentialVerifier;
import sh.velocity.auth.domain.ApiKeyCodec;
import sh.velocity.auth.domain.RevocationList;
import sh.velocity.auth.infrastructure.persistence.JdbcApiKeys;
import sh.velocity.auth.infrastructure.persistence.JdbcApiKeys.StoredKey;

/**
 * Verifies API keys: format and checksum first (a typo or a random string costs no database
 * lookup), then the SHA-256 lookup, a constant-time comparison, expiry and revocation in the
 * database, and last the shared revocation list: if that cannot answer, the credential is
 * unverifiable and the request is refused (fail closed), never let through. A usable key's row is
 * kept for {@code velocity.api-key.cache-seconds} (5) after it was read ({@link StoredKeyCache},
 * ADR 0021); the revocation list is asked on every request all the same.
 */
@ApplicationScoped
@jakarta.enterprise.inject.Typed(ApiKeyCredentialVerifier.class)
public class ApiKeyCredentialVerifier implements CredentialVerifier {

    private final ApiKeyCodec codec = new ApiKeyCodec();

    /** The kind under which API key ids are revoked in the revocation list. */
    static final String REVOCATION_KIND = "apikey";

    @Inject
    JdbcApiKeys keys;

    @Inject
    RevocationList revocations;

    @Inject
    AuthSettings settings;

    private StoredKeyCache cache;

    @PostConstruct
    void init() {
        cache = new StoredKeyCache(settings.keyCacheSeconds(), System::nanoTime);
    }

    @Override
    public Authentication verify(String bearer) {
        if (!codec.hasValidFormat(bearer)) {
            return Authentication.refused("malformed credential");
        }
        String hash = codec.hashHex(bearer);
        StoredKey key = cache.fresh(hash).orElse(null);
        if (key == null) {
            Optional<StoredKey> stored;
            try {
                stored = keys.findByHash(hash);
            } catch (SQLException e) {
                throw new IllegalStateException("the key store could not be read", e);
            }
            if (stored.isEmpty() || !ApiKeyCodec.constantTimeEquals(hash, stored.get().keyHash())) {
                return Authentication.refused("unknown key");
            }
            key = stored.get();
            cache.keep(hash, key);
        }
        if (key.revoked()) {
            return Authentication.refused("revoked key " + key.id());
        }
        if (key.expiredAt(Instant.now())) {
            return Authentication.refused("expired key " + key.id());
        }
        try {
            if (revocations.isRevoked(REVOCATION_KIND, key.id())) {
                return Authentication.refused("revoked key " + key.id() + " (revocation list)");
            }
        } catch (RevocationList.Unavailable e) {
            return Authentication.unverifiable(e.getMessage());
        }
        return Authentication.success(key.principal());
    }

    /** Drops this replica's copy of key {@code id}, which it has just revoked or rotated. */
    public void forget(String id) {
        cache.forget(id);
    }
}
