package sh.velocity.auth.infrastructure.persistence;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.UUID;
import sh.velocity.kernel.db.Database;

/** Refresh tokens by their SHA-256; the plaintext is only ever in the client's hands. */
@ApplicationScoped
public class JdbcRefreshTokens {

    @Inject
    Database database;

    /** A stored token, locked for the calling transaction. */
    public record StoredToken(UUID id, UUID familyId, String username, boolean used, boolean revoked,
                              boolean expired, OffsetDateTime expiresAt) {
    }

    public void insert(UUID familyId, String username, String tokenHash, OffsetDateTime expiresAt) throws SQLException {
        try (Connection c = database.plainConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO platform.refresh_tokens "
                     + "(family_id, username, token_hash, expires_at) VALUES (?, ?, ?, ?)")) {
            ps.setObject(1, familyId);
            ps.setString(2, username);
            ps.setString(3, tokenHash);
            ps.setObject(4, expiresAt);
            ps.executeUpdate();
        }
    }

    /** The token with this hash, locked ({@code FOR UPDATE}) so two refreshes of it serialise. */
    public Optional<StoredToken> lockByHash(String tokenHash) throws SQLException {
        try (Connection c = database.plainConnection();
             PreparedStatement ps = c.prepareStatement("SELECT id, family_id, username, used_at IS NOT NULL AS used, "
                     + "revoked_at IS NOT NULL AS revoked, expires_at <= now() AS expired, expires_at "
                     + "FROM platform.refresh_tokens WHERE token_hash = ? FOR UPDATE")) {
            ps.setString(1, tokenHash);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new StoredToken(rs.getObject("id", UUID.class), rs.getObject("family_id", UUID.class),
                        rs.getString("username"), rs.getBoolean("used"), rs.getBoolean("revoked"),
                        rs.getBoolean("expired"), rs.getObject("expires_at", OffsetDateTime.class)));
            }
        }
    }

    public void markUsed(UUID id) throws SQLException {
        try (Connection c = database.plainConnection();
             PreparedStatement ps = c.prepareStatement(
                     "UPDATE platform.refresh_tokens SET used_at = now() WHERE id = ? AND used_at IS NULL")) {
            ps.setObject(1, id);
            ps.executeUpdate();
        }
    }

    /** Revokes every token of the family; returns how many were still unrevoked. */
    public int revokeFamily(UUID familyId) throws SQLException {
        try (Connection c = database.plainConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE platform.refresh_tokens SET revoked_at = now() "
                     + "WHERE family_id = ? AND revoked_at IS NULL")) {
            ps.setObject(1, familyId);
            return ps.executeUpdate();
        }
    }
}
