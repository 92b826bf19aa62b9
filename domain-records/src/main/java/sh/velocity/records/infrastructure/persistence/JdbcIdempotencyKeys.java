package sh.velocity.records.infrastructure.persistence;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import sh.velocity.kernel.db.Database;
import sh.velocity.records.api.Idempotency.Claim;
import sh.velocity.records.api.Idempotency.Outcome;

/** {@code platform.idempotency_keys}: claims, completions, releases and expiry. */
@ApplicationScoped
public class JdbcIdempotencyKeys {

    /** How long a claim is protected before a request presumed dead may be taken over. */
    static final String CLAIM_LOCK = "60 seconds";

    @Inject
    Database database;

    public Claim claim(String principal, String key, String hash, long ttlSeconds) throws SQLException {
        try (Connection c = database.plainConnection()) {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO platform.idempotency_keys (principal, "
                    + "idempotency_key, request_hash, state, locked_until, expires_at) VALUES (?, ?, ?, 'in_progress', "
                    + "now() + interval '" + CLAIM_LOCK + "', now() + make_interval(secs => ?)) "
                    + "ON CONFLICT (principal, idempotency_key) DO NOTHING")) {
                ps.setString(1, principal);
                ps.setString(2, key);
                ps.setString(3, hash);
                ps.setLong(4, ttlSeconds);
                if (ps.executeUpdate() == 1) {
                    return new Claim(Outcome.PROCEED, 0, null);
                }
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT request_hash, state, response_status, response_body, "
                    + "locked_until < now() AS abandoned, expires_at < now() AS expired FROM platform.idempotency_keys "
                    + "WHERE principal = ? AND idempotency_key = ? FOR UPDATE")) {
                ps.setString(1, principal);
                ps.setString(2, key);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return new Claim(Outcome.IN_PROGRESS, 0, null);
                    }
                    boolean expired = rs.getBoolean("expired");
                    boolean completed = "completed".equals(rs.getString("state"));
                    if (expired || (!completed && rs.getBoolean("abandoned"))) {
                        restart(c, principal, key, hash, ttlSeconds);
                        return new Claim(Outcome.PROCEED, 0, null);
                    }
                    if (!rs.getString("request_hash").equals(hash)) {
                        return new Claim(Outcome.MISMATCH, 0, null);
                    }
                    return completed ? new Claim(Outcome.REPLAY, rs.getInt("response_status"), rs.getString("response_body"))
                            : new Claim(Outcome.IN_PROGRESS, 0, null);
                }
            }
        }
    }

    private static void restart(Connection c, String principal, String key, String hash, long ttlSeconds)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE platform.idempotency_keys SET request_hash = ?, "
                + "state = 'in_progress', response_status = NULL, response_body = NULL, created_at = now(), "
                + "locked_until = now() + interval '" + CLAIM_LOCK + "', expires_at = now() + make_interval(secs => ?) "
                + "WHERE principal = ? AND idempotency_key = ?")) {
            ps.setString(1, hash);
            ps.setLong(2, ttlSeconds);
            ps.setString(3, principal);
            ps.setString(4, key);
            ps.executeUpdate();
        }
    }

    /** Inside the write's transaction: the key is done, with the response to replay. */
    public void complete(String principal, String key, int status, String body) throws SQLException {
        try (Connection c = database.plainConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE platform.idempotency_keys SET state = 'completed', "
                     + "response_status = ?, response_body = ? WHERE principal = ? AND idempotency_key = ? "
                     + "AND state = 'in_progress'")) {
            ps.setInt(1, status);
            ps.setString(2, body);
            ps.setString(3, principal);
            ps.setString(4, key);
            if (ps.executeUpdate() != 1) {
                throw new SQLException("idempotency key is no longer claimed by this request", "VI001");
            }
        }
    }

    public void release(String principal, String key) throws SQLException {
        try (Connection c = database.plainConnection();
             PreparedStatement ps = c.prepareStatement("DELETE FROM platform.idempotency_keys WHERE principal = ? "
                     + "AND idempotency_key = ? AND state = 'in_progress'")) {
            ps.setString(1, principal);
            ps.setString(2, key);
            ps.executeUpdate();
        }
    }

    /** Deletes up to {@code batch} expired keys; returns how many. */
    public int purgeExpired(int batch) throws SQLException {
        try (Connection c = database.plainConnection();
             PreparedStatement ps = c.prepareStatement("DELETE FROM platform.idempotency_keys WHERE ctid IN "
                     + "(SELECT ctid FROM platform.idempotency_keys WHERE expires_at < now() LIMIT ?)")) {
            ps.setInt(1, batch);
            return ps.executeUpdate();
        }
    }
}
