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
import java.util.UUID;
import sh.velocity.kernel.db.Database;
import sh.velocity.records.api.KeyManagement.KeyRotation;

/** {@code platform.key_rotations}: each rotation's state and progress, shared by every replica. */
@ApplicationScoped
public class JdbcKeyRotations {

    private static final String COLUMNS = "id, namespace, key_version, state, total, done, error, requested_by, "
            + "created_at, updated_at, finished_at";

    @Inject
    Database database;

    /** A running rotation; fails with SQL state 23505 when the organisation already has one. */
    public KeyRotation insert(String namespace, int keyVersion, long total, String actor) throws SQLException {
        return one("INSERT INTO platform.key_rotations (namespace, key_version, state, total, requested_by) "
                + "VALUES (?, ?, 'running', ?, ?) RETURNING " + COLUMNS, ps -> {
                    ps.setString(1, namespace);
                    ps.setInt(2, keyVersion);
                    ps.setLong(3, total);
                    ps.setString(4, actor);
                }).orElseThrow();
    }

    public Optional<KeyRotation> find(UUID id) throws SQLException {
        return one("SELECT " + COLUMNS + " FROM platform.key_rotations WHERE id = ?", ps -> ps.setObject(1, id));
    }

    /**
     * The oldest running rotation no other replica is working on, locked for this transaction
     * ({@code SKIP LOCKED}): replicas share rotations without running one twice.
     */
    public Optional<KeyRotation> claimRunning() throws SQLException {
        return one("SELECT " + COLUMNS + " FROM platform.key_rotations WHERE state = 'running' "
                + "ORDER BY created_at LIMIT 1 FOR UPDATE SKIP LOCKED", ps -> { });
    }

    public List<KeyRotation> latest(String namespace, int limit) throws SQLException {
        String sql = "SELECT " + COLUMNS + " FROM platform.key_rotations"
                + (namespace == null ? "" : " WHERE namespace = ?") + " ORDER BY created_at DESC LIMIT ?";
        try (Connection c = database.plainConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            if (namespace != null) {
                ps.setString(i++, namespace);
            }
            ps.setInt(i, limit);
            List<KeyRotation> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(row(rs));
                }
            }
            return out;
        }
    }

    public void progress(UUID id, long done) throws SQLException {
        update("UPDATE platform.key_rotations SET done = done + ?, updated_at = now() WHERE id = ?", ps -> {
            ps.setLong(1, done);
            ps.setObject(2, id);
        });
    }

    public void finish(UUID id, String state, String error) throws SQLException {
        update("UPDATE platform.key_rotations SET state = ?, error = ?, updated_at = now(), finished_at = now() "
                + "WHERE id = ?", ps -> {
                    ps.setString(1, state);
                    ps.setString(2, error);
                    ps.setObject(3, id);
                });
    }

    private interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    private void update(String sql, Binder binder) throws SQLException {
        try (Connection c = database.plainConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            ps.executeUpdate();
        }
    }

    private Optional<KeyRotation> one(String sql, Binder binder) throws SQLException {
        try (Connection c = database.plainConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(row(rs)) : Optional.empty();
            }
        }
    }

    private static KeyRotation row(ResultSet rs) throws SQLException {
        return new KeyRotation(rs.getObject("id", UUID.class), rs.getString("namespace"), rs.getInt("key_version"),
                rs.getString("state"), rs.getLong("total"), rs.getLong("done"), rs.getString("error"),
                rs.getString("requested_by"), rs.getObject("created_at", OffsetDateTime.class),
                rs.getObject("updated_at", OffsetDateTime.class), rs.getObject("finished_at", OffsetDateTime.class));
    }
}
