package sh.velocity.audit.infrastructure.persistence;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import sh.velocity.kernel.db.Database;

/**
 * Where each SIEM drain stands in each chain ({@code platform.audit_drain_cursors}: the sequence
 * number of the last event the destination accepted), and the lock that keeps two replicas from
 * draining to the same destination at once.
 */
@ApplicationScoped
public class JdbcDrainCursors {

    @Inject
    Database database;

    /** A chain's head and the drain's position in it. */
    public record Position(String chain, long head, long after, boolean stored) {

        public long behind() {
            return Math.max(0, head - after);
        }
    }

    /**
     * Takes the drain's lock for the current transaction ({@code pg_try_advisory_xact_lock}): false
     * when another replica holds it. It is released when the transaction ends, also when the
     * replica dies with it.
     */
    public boolean tryLock(String drain) throws SQLException {
        try (Connection c = database.plainConnection();
             PreparedStatement ps = c.prepareStatement(
                     "SELECT pg_try_advisory_xact_lock(hashtextextended('velocity.audit.drain/' || ?, 0))")) {
            ps.setString(1, drain);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    /**
     * Every chain with its head and the drain's position. A chain the drain never shipped from
     * starts before its oldest stored event (not at 0, so events removed by retention are not
     * counted as missing).
     */
    public List<Position> positions(String drain) throws SQLException {
        try (Connection c = database.plainConnection();
             PreparedStatement ps = c.prepareStatement("SELECT h.chain, h.seq, d.seq, "
                     + "coalesce(d.seq, (SELECT min(l.seq) - 1 FROM platform.audit_log l WHERE l.org = platform.audit_org_of(h.chain) AND l.chain = h.chain), h.seq) "
                     + "FROM platform.audit_chain_heads h LEFT JOIN platform.audit_drain_cursors d "
                     + "ON d.drain = ? AND d.chain = h.chain ORDER BY h.chain")) {
            ps.setString(1, drain);
            List<Position> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Position(rs.getString(1), rs.getLong(2), rs.getLong(4), rs.getObject(3) != null));
                }
            }
            return out;
        }
    }

    /** Moves the drain's cursor in the chain forward to {@code seq}; never backwards. */
    public void advance(String drain, String chain, long seq) throws SQLException {
        try (Connection c = database.plainConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO platform.audit_drain_cursors AS d "
                     + "(drain, chain, seq, updated_at) VALUES (?, ?, ?, now()) ON CONFLICT (drain, chain) "
                     + "DO UPDATE SET seq = excluded.seq, updated_at = excluded.updated_at WHERE d.seq < excluded.seq")) {
            ps.setString(1, drain);
            ps.setString(2, chain);
            ps.setLong(3, seq);
            ps.executeUpdate();
        }
    }
}
