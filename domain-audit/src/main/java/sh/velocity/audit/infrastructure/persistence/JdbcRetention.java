package sh.velocity.audit.infrastructure.persistence;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import sh.velocity.kernel.db.Database;

/**
 * The audit log's partitions, retention policies, legal holds and retention anchors. Dropping a
 * partition goes through {@code platform.audit_retention_drop}, which re-checks policy, holds and
 * anchors in the database whatever this class was told.
 */
@ApplicationScoped
public class JdbcRetention {

    private static final String HOLD_COLUMNS = "id, org, starts_at, ends_at, reason, created_by, created_at, "
            + "released_at, released_by, release_reason";
    private static final String ANCHOR_COLUMNS = "chain, first_seq, last_seq, last_hash, frontier, partition, "
            + "signed_at, key_id, signature";

    @Inject
    Database database;

    /** An organisation's retention; {@code retainDays} null keeps everything. */
    public record Policy(String org, Integer retainDays, OffsetDateTime updatedAt, String updatedBy) {
    }

    public record Hold(UUID id, String org, OffsetDateTime startsAt, OffsetDateTime endsAt, String reason,
                       String createdBy, OffsetDateTime createdAt, OffsetDateTime releasedAt, String releasedBy,
                       String releaseReason) {
    }

    /** One month partition of one organisation ({@code org} is empty for the platform chain). */
    public record Partition(String org, LocalDate month, String relname, OffsetDateTime createdAt,
                            OffsetDateTime droppedAt, Long droppedEvents) {
    }

    /** The events of one chain inside one partition. */
    public record ChainRange(String chain, long firstSeq, long lastSeq, long count) {
    }

    public record StoredAnchor(String chain, long firstSeq, long lastSeq, String lastHash, List<String> frontier,
                               String partition, OffsetDateTime signedAt, String keyId, String signature) {
    }

    public List<Policy> policies() throws SQLException {
        try (Connection c = database.plainConnection();
             PreparedStatement ps = c.prepareStatement(
                     "SELECT org, retain_days, updated_at, updated_by FROM platform.audit_retention ORDER BY org");
             ResultSet rs = ps.executeQuery()) {
            List<Policy> out = new ArrayList<>();
            while (rs.next()) {
                out.add(policy(rs));
            }
            return out;
        }
    }

    public Policy setPolicy(String org, Integer retainDays, String actor) throws SQLException {
        try (Connection c = database.plainConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO platform.audit_retention AS r "
                     + "(org, retain_days, updated_at, updated_by) VALUES (?, ?, now(), ?) ON CONFLICT (org) DO UPDATE "
                     + "SET retain_days = excluded.retain_days, updated_at = excluded.updated_at, "
                     + "updated_by = excluded.updated_by RETURNING org, retain_days, updated_at, updated_by")) {
            ps.setString(1, org);
            if (retainDays == null) {
                ps.setNull(2, Types.INTEGER);
            } else {
                ps.setInt(2, retainDays);
            }
            ps.setString(3, actor);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return policy(rs);
            }
        }
    }

    public Hold placeHold(String org, OffsetDateTime startsAt, OffsetDateTime endsAt, String reason, String actor)
            throws SQLException {
        try (Connection c = database.plainConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO platform.audit_legal_holds "
                     + "(org, starts_at, ends_at, reason, created_by) VALUES (?, ?, ?, ?, ?) RETURNING " + HOLD_COLUMNS)) {
            ps.setString(1, org);
            ps.setObject(2, startsAt);
            ps.setObject(3, endsAt);
            ps.setString(4, reason);
            ps.setString(5, actor);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return hold(rs);
            }
        }
    }

    /** Holds of one organisation, or of all when {@code org} is null; newest first. */
    public List<Hold> holds(String org, boolean includeReleased) throws SQLException {
        try (Connection c = database.plainConnection();
             PreparedStatement ps = c.prepareStatement("SELECT " + HOLD_COLUMNS + " FROM platform.audit_legal_holds "
                     + "WHERE (?::text IS NULL OR org = ?) AND (? OR released_at IS NULL) ORDER BY created_at DESC, id")) {
            ps.setString(1, org);
            ps.setString(2, org);
            ps.setBoolean(3, includeReleased);
            List<Hold> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(hold(rs));
                }
            }
            return out;
        }
    }

    public Optional<Hold> hold(UUID id) throws SQLException {
        try (Connection c = database.plainConnection();
             PreparedStatement ps = c.prepareStatement("SELECT " + HOLD_COLUMNS
                     + " FROM platform.audit_legal_holds WHERE id = ?")) {
            ps.setObject(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(hold(rs)) : Optional.empty();
            }
        }
    }

    /** Releases an unreleased hold; empty when there is none with that id still in force. */
    public Optional<Hold> releaseHold(UUID id, String actor, String reason) throws SQLException {
        try (Connection c = database.plainConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE platform.audit_legal_holds SET released_at = now(), "
                     + "released_by = ?, release_reason = ? WHERE id = ? AND released_at IS NULL RETURNING " + HOLD_COLUMNS)) {
            ps.setString(1, actor);
            ps.setString(2, reason);
            ps.setObject(3, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(hold(rs)) : Optional.empty();
            }
        }
    }

    /** Partitions of one organisation, or of all when {@code org} is null, oldest first. */
    public List<Partition> partitions(String org) throws SQLException {
        try (Connection c = database.plainConnection();
             PreparedStatement ps = c.prepareStatement("SELECT org, month, relname, created_at, dropped_at, "
                     + "dropped_events FROM platform.audit_partitions WHERE (?::text IS NULL OR org = ?) "
                     + "ORDER BY org, month")) {
            ps.setString(1, org);
            ps.setString(2, org);
            List<Partition> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Partition(rs.getString(1), rs.getObject(2, LocalDate.class), rs.getString(3),
                            rs.getObject(4, OffsetDateTime.class), rs.getObject(5, OffsetDateTime.class),
                            (Long) rs.getObject(6)));
                }
            }
            return out;
        }
    }

    /**
     * The partitions whose whole month lies beyond their organisation's retention, oldest first,
     * held or not (the caller reports held ones as kept).
     */
    public List<Partition> expired() throws SQLException {
        try (Connection c = database.plainConnection();
             PreparedStatement ps = c.prepareStatement("SELECT p.org, p.month, p.relname, p.created_at, p.dropped_at, "
                     + "p.dropped_events FROM platform.audit_partitions p JOIN platform.audit_retention r ON r.org = p.org "
                     + "WHERE p.dropped_at IS NULL AND r.retain_days IS NOT NULL "
                     + "AND ((p.month + interval '1 month')::timestamp AT TIME ZONE 'UTC') "
                     + "<= now() - make_interval(days => r.retain_days) ORDER BY p.org, p.month")) {
            List<Partition> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Partition(rs.getString(1), rs.getObject(2, LocalDate.class), rs.getString(3),
                            rs.getObject(4, OffsetDateTime.class), null, null));
                }
            }
            return out;
        }
    }

    /** The unreleased holds of {@code org} that overlap the month. */
    public List<Hold> holdsOver(String org, LocalDate month) throws SQLException {
        try (Connection c = database.plainConnection();
             PreparedStatement ps = c.prepareStatement("SELECT " + HOLD_COLUMNS + " FROM platform.audit_legal_holds "
                     + "WHERE org = ? AND released_at IS NULL AND starts_at < ((?::date + interval '1 month')::timestamp "
                     + "AT TIME ZONE 'UTC') AND ends_at > (?::date::timestamp AT TIME ZONE 'UTC') ORDER BY starts_at")) {
            ps.setString(1, org);
            ps.setObject(2, month);
            ps.setObject(3, month);
            List<Hold> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(hold(rs));
                }
            }
            return out;
        }
    }

    /** Per chain, the events the month partition holds (read through the parent: pruned to it). */
    public List<ChainRange> chainRanges(String org, LocalDate month) throws SQLException {
        try (Connection c = database.plainConnection();
             PreparedStatement ps = c.prepareStatement("SELECT chain, min(seq), max(seq), count(*) "
                     + "FROM platform.audit_log WHERE org = ? AND created_at >= (?::date::timestamp AT TIME ZONE 'UTC') "
                     + "AND created_at < ((?::date + interval '1 month')::timestamp AT TIME ZONE 'UTC') "
                     + "GROUP BY chain ORDER BY chain")) {
            ps.setString(1, org);
            ps.setObject(2, month);
            ps.setObject(3, month);
            List<ChainRange> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new ChainRange(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)));
                }
            }
            return out;
        }
    }

    /**
     * Drops the month through {@code platform.audit_retention_drop} (in the caller's transaction)
     * with the signed anchors as a JSON object keyed by chain; returns the events dropped.
     */
    public long drop(String org, LocalDate month, String anchorsJson) throws SQLException {
        try (Connection c = database.plainConnection();
             PreparedStatement lock = c.prepareStatement("SET LOCAL lock_timeout = '10s'");
             PreparedStatement ps = c.prepareStatement("SELECT platform.audit_retention_drop(?, ?, ?::jsonb)")) {
            lock.execute();
            ps.setString(1, org);
            ps.setObject(2, month);
            ps.setString(3, anchorsJson);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** The signed anchors of a chain's dropped ranges, in sequence order. */
    public List<StoredAnchor> anchors(String chain) throws SQLException {
        try (Connection c = database.plainConnection();
             PreparedStatement ps = c.prepareStatement("SELECT " + ANCHOR_COLUMNS
                     + " FROM platform.audit_retention_anchors WHERE chain = ? ORDER BY first_seq")) {
            ps.setString(1, chain);
            List<StoredAnchor> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new StoredAnchor(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getString(4),
                            strings(rs.getArray(5)), rs.getString(6), rs.getObject(7, OffsetDateTime.class),
                            rs.getString(8), rs.getString(9)));
                }
            }
            return out;
        }
    }

    /**
     * Creates the months from the current one to {@code monthsAhead} ahead for every organisation
     * that has partitions (a new one gets its first at its first event); returns how many it created.
     */
    public int ensureAhead(int monthsAhead) throws SQLException {
        try (Connection c = database.plainConnection();
             PreparedStatement ps = c.prepareStatement("SELECT count(*) FILTER (WHERE platform.audit_ensure_partition("
                     + "o.org, (date_trunc('month', now() AT TIME ZONE 'UTC') + make_interval(months => m))::date)) "
                     + "FROM (SELECT DISTINCT org FROM platform.audit_partitions UNION SELECT '') o, "
                     + "generate_series(0, ?) m")) {
            ps.setInt(1, monthsAhead);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private static Policy policy(ResultSet rs) throws SQLException {
        return new Policy(rs.getString(1), (Integer) rs.getObject(2), rs.getObject(3, OffsetDateTime.class),
                rs.getString(4));
    }

    private static Hold hold(ResultSet rs) throws SQLException {
        return new Hold(rs.getObject(1, UUID.class), rs.getString(2), rs.getObject(3, OffsetDateTime.class),
                rs.getObject(4, OffsetDateTime.class), rs.getString(5), rs.getString(6),
                rs.getObject(7, OffsetDateTime.class), rs.getObject(8, OffsetDateTime.class), rs.getString(9),
                rs.getString(10));
    }

    private static List<String> strings(Array array) throws SQLException {
        return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
    }
}
