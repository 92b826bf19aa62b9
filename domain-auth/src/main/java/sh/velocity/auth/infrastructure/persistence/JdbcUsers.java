package sh.velocity.auth.infrastructure.persistence;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import sh.velocity.kernel.db.Database;

/** Users: password hashes and sealed TOTP secrets; neither a password nor a seed in clear reaches it. */
@ApplicationScoped
public class JdbcUsers {

    @Inject
    Database database;

    /** A stored user: what login needs. */
    public record StoredUser(String username, String passwordHash, byte[] sealedTotpSecret, long totpLastStep,
                             boolean disabled, OffsetDateTime createdAt) {
    }

    /** Inserts the user; false when the username is taken. */
    public boolean insert(String username, String passwordHash, byte[] sealedTotpSecret, String createdBy)
            throws SQLException {
        try (Connection c = database.plainConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO platform.users (username, password_hash, "
                     + "totp_secret, created_by) VALUES (?, ?, ?, ?) ON CONFLICT (username) DO NOTHING")) {
            ps.setString(1, username);
            ps.setString(2, passwordHash);
            ps.setBytes(3, sealedTotpSecret);
            ps.setString(4, createdBy);
            return ps.executeUpdate() == 1;
        }
    }

    public Optional<StoredUser> find(String username) throws SQLException {
        try (Connection c = database.plainConnection();
             PreparedStatement ps = c.prepareStatement("SELECT username, password_hash, totp_secret, totp_last_step, "
                     + "disabled_at IS NOT NULL AS disabled, created_at FROM platform.users WHERE username = ?")) {
            ps.setString(1, username);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new StoredUser(rs.getString("username"), rs.getString("password_hash"),
                        rs.getBytes("totp_secret"), rs.getLong("totp_last_step"), rs.getBoolean("disabled"),
                        rs.getObject("created_at", OffsetDateTime.class)));
            }
        }
    }

    /**
     * Records the TOTP time step just used, only if it is later than the last one: false means
     * another login used this step (or a later one) first, so this code is a replay.
     */
    public boolean useTotpStep(String username, long step) throws SQLException {
        try (Connection c = database.plainConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE platform.users SET totp_last_step = ? "
                     + "WHERE username = ? AND totp_last_step < ?")) {
            ps.setLong(1, step);
            ps.setString(2, username);
            ps.setLong(3, step);
            return ps.executeUpdate() == 1;
        }
    }

    public boolean replaceTotpSecret(String username, byte[] sealedTotpSecret) throws SQLException {
        try (Connection c = database.plainConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE platform.users SET totp_secret = ?, totp_last_step = 0 "
                     + "WHERE username = ?")) {
            ps.setBytes(1, sealedTotpSecret);
            ps.setString(2, username);
            return ps.executeUpdate() == 1;
        }
    }

    public void updatePasswordHash(String username, String passwordHash) throws SQLException {
        try (Connection c = database.plainConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE platform.users SET password_hash = ? WHERE username = ?")) {
            ps.setString(1, passwordHash);
            ps.setString(2, username);
            ps.executeUpdate();
        }
    }

    /** The roles bound to a principal, on any scope. */
    public List<String> rolesOf(String principal) throws SQLException {
        try (Connection c = database.plainConnection();
             PreparedStatement ps = c.prepareStatement(
                     "SELECT DISTINCT role FROM platform.role_bindings WHERE principal = ? ORDER BY role")) {
            ps.setString(1, principal);
            List<String> roles = new java.util.ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    roles.add(rs.getString(1));
                }
            }
            return roles;
        }
    }
}
