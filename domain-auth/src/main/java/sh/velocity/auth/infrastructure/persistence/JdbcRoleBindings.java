package sh.velocity.auth.infrastructure.persistence;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import sh.velocity.auth.api.RoleBindingView;
import sh.velocity.kernel.db.Database;

/** Role bindings, role definitions and the permission check shared with the RLS policies. */
@ApplicationScoped
public class JdbcRoleBindings {

    @Inject
    Database database;

    /**
     * {@code platform.has_permission} for the current request's principal, in the same round trip
     * as the principal's binding when it is the transaction's first statement ({@link Database#ask}).
     */
    public boolean hasPermission(String scope, String verb) throws SQLException {
        return database.ask("SELECT platform.has_permission(?, ?)", scope, verb);
    }

    /** The verbs a role grants, or empty when the role does not exist. */
    public Optional<List<String>> verbsOf(String role) throws SQLException {
        try (Connection c = database.plainConnection();
             PreparedStatement ps = c.prepareStatement("SELECT verbs FROM platform.roles WHERE name = ?")) {
            ps.setString(1, role);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                Array verbs = rs.getArray(1);
                return Optional.of(List.of((String[]) verbs.getArray()));
            }
        }
    }

    /** Inserts the binding, or returns the identical one that already exists. */
    public RoleBindingView insert(String principal, String role, String prefix, String createdBy) throws SQLException {
        try (Connection c = database.plainConnection();
             PreparedStatement ps = c.prepareStatement("WITH added AS (INSERT INTO platform.role_bindings "
                     + "(principal, role, path_prefix, created_by) VALUES (?, ?, ?, ?) "
                     + "ON CONFLICT ON CONSTRAINT role_bindings_unique DO NOTHING "
                     + "RETURNING id, principal, role, path_prefix, created_at, created_by) "
                     + "SELECT * FROM added UNION ALL "
                     + "SELECT id, principal, role, path_prefix, created_at, created_by FROM platform.role_bindings "
                     + "WHERE principal = ? AND role = ? AND path_prefix = ? LIMIT 1")) {
            ps.setString(1, principal);
            ps.setString(2, role);
            ps.setString(3, prefix);
            ps.setString(4, createdBy);
            ps.setString(5, principal);
            ps.setString(6, role);
            ps.setString(7, prefix);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return read(rs);
            }
        }
    }

    public List<RoleBindingView> list() throws SQLException {
        try (Connection c = database.plainConnection();
             PreparedStatement ps = c.prepareStatement("SELECT id, principal, role, path_prefix, created_at, "
                     + "created_by FROM platform.role_bindings ORDER BY created_at, id")) {
            List<RoleBindingView> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(read(rs));
                }
            }
            return out;
        }
    }

    public Optional<RoleBindingView> find(UUID id) throws SQLException {
        try (Connection c = database.plainConnection();
             PreparedStatement ps = c.prepareStatement("SELECT id, principal, role, path_prefix, created_at, "
                     + "created_by FROM platform.role_bindings WHERE id = ?")) {
            ps.setObject(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        }
    }

    public boolean delete(UUID id) throws SQLException {
        try (Connection c = database.plainConnection();
             PreparedStatement ps = c.prepareStatement("DELETE FROM platform.role_bindings WHERE id = ?")) {
            ps.setObject(1, id);
            return ps.executeUpdate() == 1;
        }
    }

    private static RoleBindingView read(ResultSet rs) throws SQLException {
        return new RoleBindingView(rs.getString("id"), rs.getString("principal"), rs.getString("role"),
                rs.getString("path_prefix"), rs.getObject("created_at", OffsetDateTime.class),
                rs.getString("created_by"));
    }
}
