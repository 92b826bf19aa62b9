package sh.velocity.auth.application.internal;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.SQLException;
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
 * unverifiable and the request is refused (fail closed), never let through.
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

    @Override
    public Authentication verify(String bearer) {
        if (!codec.hasValidFormat(bearer)) {
            return Authentication.refused("malformed credential");
        }
        String hash = codec.hashHex(bearer);
        Optional<StoredKey> stored;
        try {
            stored = keys.findByHash(hash);
        } catch (SQLException e) {
            throw new IllegalStateException("the key store could not be read", e);
        }
        if (stored.isEmpty() || !ApiKeyCodec.constantTimeEquals(hash, stored.get().keyHash())) {
            return Authentication.refused("unknown key");
        }
        StoredKey key = stored.get();
        if (key.revoked()) {
            return Authentication.refused("revoked key " + key.id());
        }
        if (key.expired()) {
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
}
