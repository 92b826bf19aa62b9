package sh.velocity.records.infrastructure.persistence;

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
import sh.velocity.kernel.db.Database;

/** {@code platform.data_keys}: organisations' data keys, wrapped; never a key in clear. */
@ApplicationScoped
public class JdbcDataKeys {

    /** One stored key version. */
    public record StoredKey(String namespace, int version, byte[] wrappedKey, String kekId, OffsetDateTime createdAt,
                            String createdBy, OffsetDateTime rewrappedAt, OffsetDateTime retiredAt) {
    }

    private static final String COLUMNS =
            "namespace, version, wrapped_key, kek_id, created_at, created_by, rewrapped_at, retired_at";

    @Inject
    Database database;

    /** The newest version of the organisation's key, if it has one. */
    public Optional<StoredKey> newest(String namespace) throws SQLException {
        return one("SELECT " + COLUMNS + " FROM platform.data_keys WHERE namespace = ? ORDER BY version DESC LIMIT 1",
                namespace, null);
    }

    public Optional<StoredKey> find(String namespace, int version) throws SQLException {
        return one("SELECT " + COLUMNS + " FROM platform.data_keys WHERE namespace = ? AND version = ?",
                namespace, version);
    }

    /** Inserts the version unless it exists (a concurrent first write made it); true when inserted. */
    public boolean insert(String namespace, int version, byte[] wrapped, String kekId, String actor)
            throws SQLException {
        try (Connection c = database.plainConnection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO platform.data_keys (namespace, version, wrapped_key, kek_id, created_by) "
                        + "VALUES (?, ?, ?, ?, ?) ON CONFLICT (namespace, version) DO NOTHING")) {
            ps.setString(1, namespace);
            ps.setInt(2, version);
            ps.setBytes(3, wrapped);
            ps.setString(4, kekId);
            ps.setString(5, actor);
            return ps.executeUpdate() == 1;
        }
    }

    /** Every key version, of one organisation or (null) of all, newest first per organisation. */
    public List<StoredKey> list(String namespace) throws SQLException {
        String sql = "SELECT " + COLUMNS + " FROM platform.data_keys"
                + (namespace == null ? "" : " WHERE namespace = ?") + " ORDER BY namespace, version DESC";
        try (Connection c = database.plainConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            if (namespace != null) {
                ps.setString(1, namespace);
            }
            List<StoredKey> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(row(rs));
                }
            }
            return out;
        }
    }

    /** Key versions not wrapped under {@code kekId}, locked for re-wrapping. */
    public List<StoredKey> wrappedUnderOtherThan(String kekId) throws SQLException {
        try (Connection c = database.plainConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT " + COLUMNS + " FROM platform.data_keys WHERE kek_id <> ? ORDER BY namespace, version "
                        + "FOR UPDATE")) {
            ps.setString(1, kekId);
            List<StoredKey> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(row(rs));
                }
            }
            return out;
        }
    }

    public void rewrap(String namespace, int version, byte[] wrapped, String kekId) throws SQLException {
        try (Connection c = database.plainConnection(); PreparedStatement ps = c.prepareStatement(
                "UPDATE platform.data_keys SET wrapped_key = ?, kek_id = ?, rewrapped_at = now() "
                        + "WHERE namespace = ? AND version = ?")) {
            ps.setBytes(1, wrapped);
            ps.setString(2, kekId);
            ps.setString(3, namespace);
            ps.setInt(4, version);
            ps.executeUpdate();
        }
    }

    /** Marks every version below {@code version} retired: no value uses them any more. */
    public void retireBelow(String namespace, int version) throws SQLException {
        try (Connection c = database.plainConnection(); PreparedStatement ps = c.prepareStatement(
                "UPDATE platform.data_keys SET retired_at = now() WHERE namespace = ? AND version < ? "
                        + "AND retired_at IS NULL")) {
            ps.setString(1, namespace);
            ps.setInt(2, version);
            ps.executeUpdate();
        }
    }

    private Optional<StoredKey> one(String sql, String namespace, Integer version) throws SQLException {
        try (Connection c = database.plainConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, namespace);
            if (version != null) {
                ps.setInt(2, version);
            }
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(row(rs)) : Optional.empty();
            }
        }
    }

    private static StoredKey row(ResultSet rs) throws SQLException {
        return new StoredKey(rs.getString("namespace"), rs.getInt("version"), rs.getBytes("wrapped_key"),
                rs.getString("kek_id"), rs.getObject("created_at", OffsetDateTime.class), rs.getString("created_by"),
                rs.getObject("rewrapped_at", OffsetDateTime.class), rs.getObject("retired_at", OffsetDateTime.class));
    }
}
