package sh.velocity.auth.infrastructure.persistence;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import sh.velocity.auth.api.ApiKeyView;
import sh.velocity.kernel.db.Database;

/** Stores key hashes and metadata; the plaintext never reaches this class. */
@ApplicationScoped
public class JdbcApiKeys {

    @Inject
    Database database;

    public ApiKeyView insert(String name, String principal, String keyHash, String hint, String createdBy,
                             OffsetDateTime expiresAt) throws SQLException {
        try (Connection c = database.plainConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO platform.api_keys "
                     + "(name, principal, key_hash, key_hint, created_by, expires_at) VALUES (?, ?, ?, ?, ?, ?) "
                     + "RETURNING id, created_at")) {
            ps.setString(1, name);
            ps.setString(2, principal);
            ps.setString(3, keyHash);
            ps.setString(4, hint);
            ps.setString(5, createdBy);
            ps.setObject(6, expiresAt);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new ApiKeyView(rs.getString("id"), name, principal, hint,
                        rs.getObject("created_at", OffsetDateTime.class), createdBy, expiresAt, null);
            }
        }
    }

    /** The stored record for a hash, if any. */
    public Optional<StoredKey> findByHash(String keyHash) throws SQLException {
        try (Connection c = database.plainConnection();
             PreparedStatement ps = c.prepareStatement("SELECT id, principal, key_hash, expires_at, revoked_at, "
                     + "expires_at <= now() AS expired FROM platform.api_keys WHERE key_hash = ?")) {
            ps.setString(1, keyHash);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new StoredKey(rs.getString("id"), rs.getString("principal"),
                        rs.getString("key_hash"), rs.getObject("expires_at", OffsetDateTime.class),
                        rs.getBoolean("expired"), rs.getObject("revoked_at") != null));
            }
        }
    }

    public List<ApiKeyView> list(boolean expiredOnly) throws SQLException {
        String where = expiredOnly ? " WHERE expires_at <= now() AND revoked_at IS NULL" : "";
        try (Connection c = database.plainConnection();
             PreparedStatement ps = c.prepareStatement("SELECT id, name, principal, key_hint, created_at, created_by, "
                     + "expires_at, revoked_at FROM platform.api_keys" + where + " ORDER BY created_at, id")) {
            List<ApiKeyView> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new ApiKeyView(rs.getString("id"), rs.getString("name"), rs.getString("principal"),
                            rs.getString("key_hint"), rs.getObject("created_at", OffsetDateTime.class),
                            rs.getString("created_by"), rs.getObject("expires_at", OffsetDateTime.class),
                            rs.getObject("revoked_at", OffsetDateTime.class)));
                }
            }
            return out;
        }
    }

    /** A key still usable (not revoked, not expired): what rotation copies. */
    public record RotatableKey(String id, String name, String principal, OffsetDateTime createdAt,
                               OffsetDateTime expiresAt) {
    }

    public Optional<RotatableKey> findUsable(UUID id) throws SQLException {
        try (Connection c = database.plainConnection();
             PreparedStatement ps = c.prepareStatement("SELECT id, name, principal, created_at, expires_at "
                     + "FROM platform.api_keys WHERE id = ? AND revoked_at IS NULL AND expires_at > now() FOR UPDATE")) {
            ps.setObject(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new RotatableKey(rs.getString("id"), rs.getString("name"), rs.getString("principal"),
                        rs.getObject("created_at", OffsetDateTime.class), rs.getObject("expires_at", OffsetDateTime.class)));
            }
        }
    }

    /** Brings the key's expiry forward to {@code notAfter} (never later than it was); the new expiry. */
    public OffsetDateTime expireBy(UUID id, OffsetDateTime notAfter) throws SQLException {
        try (Connection c = database.plainConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE platform.api_keys SET expires_at = "
                     + "GREATEST(created_at + interval '1 second', LEAST(expires_at, ?)) WHERE id = ? RETURNING expires_at")) {
            ps.setObject(1, notAfter);
            ps.setObject(2, id);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getObject(1, OffsetDateTime.class);
            }
        }
    }

    /** Marks the key revoked; false when no such unrevoked key exists. */
    public boolean revoke(UUID id) throws SQLException {
        try (Connection c = database.plainConnection();
             PreparedStatement ps = c.prepareStatement(
                     "UPDATE platform.api_keys SET revoked_at = now() WHERE id = ? AND revoked_at IS NULL")) {
            ps.setObject(1, id);
            return ps.executeUpdate() == 1;
        }
    }

    /** Claims the one-time bootstrap; true for exactly one caller per database. */
    public boolean claimBootstrap() throws SQLException {
        try (Connection c = database.plainConnection();
             PreparedStatement ps = c.prepareStatement(
                     "INSERT INTO platform.bootstrap_state (singleton) VALUES (true) ON CONFLICT DO NOTHING")) {
            return ps.executeUpdate() == 1;
        }
    }

    /** What authentication needs of a stored key. */
    /**
     * A key's row: {@code expired} as the database judged it when the row was read, {@code expiresAt}
     * (null: never) for judging it again later from a copy kept in memory.
     */
    public record StoredKey(String id, String principal, String keyHash, OffsetDateTime expiresAt, boolean expired,
                            boolean revoked) {

        /** Expired when read, or by {@code now}. */
        public boolean expiredAt(java.time.Instant now) {
            return expired || (expiresAt != null && !now.isBefore(expiresAt.toInstant()));
        }
    }
}
