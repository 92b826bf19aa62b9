package sh.velocity.compliance.infrastructure.packs;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import sh.velocity.compliance.domain.packs.Waiver;
import sh.velocity.kernel.db.Database;

/**
 * Waivers: inserted, read, and revoked once (a trigger refuses any other change and every delete).
 * Whether a waiver still covers anything is decided when it is read, against the clock of that
 * moment; nothing expires them in the background.
 */
@ApplicationScoped
public class JdbcWaivers {

    private static final String COLUMNS = "id, pack, control, schema_prefix, justification, created_by, created_at, "
            + "expires_at, revoked_at, revoked_by";

    @Inject
    Database database;

    public Waiver insert(String namespace, String pack, String control, String schemaPrefix, String justification,
            Instant expiresAt, String actor) throws SQLException {
        try (Connection c = database.plainConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO platform.compliance_waivers (namespace, pack, "
                     + "control, schema_prefix, justification, created_by, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?) "
                     + "RETURNING " + COLUMNS)) {
            ps.setString(1, namespace);
            ps.setString(2, pack);
            ps.setString(3, control);
            ps.setString(4, schemaPrefix);
            ps.setString(5, justification);
            ps.setString(6, actor);
            ps.setObject(7, expiresAt.atOffset(ZoneOffset.UTC));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return waiver(rs);
            }
        }
    }

    /** The waivers of a namespace neither revoked nor expired at the database's clock. */
    public List<Waiver> active(String namespace) throws SQLException {
        return query("SELECT " + COLUMNS + " FROM platform.compliance_waivers WHERE namespace = ? "
                + "AND revoked_at IS NULL AND expires_at > now() ORDER BY created_at", namespace);
    }

    /** Every waiver, newest first; only the active ones unless {@code includeInactive}. */
    public List<Waiver> list(boolean includeInactive) throws SQLException {
        return query("SELECT " + COLUMNS + " FROM platform.compliance_waivers"
                + (includeInactive ? "" : " WHERE revoked_at IS NULL AND expires_at > now()")
                + " ORDER BY created_at DESC, id", null);
    }

    public Optional<Waiver> find(UUID id, boolean lock) throws SQLException {
        try (Connection c = database.plainConnection();
             PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM platform.compliance_waivers "
                     + "WHERE id = ?" + (lock ? " FOR UPDATE" : ""))) {
            ps.setObject(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(waiver(rs)) : Optional.empty();
            }
        }
    }

    public Waiver revoke(UUID id, String actor) throws SQLException {
        try (Connection c = database.plainConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE platform.compliance_waivers SET revoked_at = now(), "
                     + "revoked_by = ? WHERE id = ? AND revoked_at IS NULL RETURNING " + COLUMNS)) {
            ps.setString(1, actor);
            ps.setObject(2, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new SQLException("waiver " + id + " is not revocable");
                }
                return waiver(rs);
            }
        }
    }

    private List<Waiver> query(String sql, String parameter) throws SQLException {
        try (Connection c = database.plainConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            if (parameter != null) {
                ps.setString(1, parameter);
            }
            List<Waiver> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(waiver(rs));
                }
            }
            return out;
        }
    }

    private static Waiver waiver(ResultSet rs) throws SQLException {
        OffsetDateTime revoked = rs.getObject(9, OffsetDateTime.class);
        return new Waiver(rs.getObject(1, UUID.class).toString(), rs.getString(2), rs.getString(3), rs.getString(4),
                rs.getString(5), rs.getString(6), rs.getObject(7, OffsetDateTime.class).toInstant(),
                rs.getObject(8, OffsetDateTime.class).toInstant(), revoked == null ? null : revoked.toInstant(),
                rs.getString(10));
    }
}
