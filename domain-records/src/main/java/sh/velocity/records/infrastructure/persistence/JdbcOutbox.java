package sh.velocity.records.infrastructure.persistence;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import sh.velocity.kernel.db.Database;
import sh.velocity.schema.api.RecordType;

/**
 * A record type's outbox as the relay sees it: as {@code system:outbox-relay}, the only principal its
 * row-level security lets read the outbox and set {@code published_at}. Every method needs an active
 * transaction (the principal is transaction-local).
 */
@ApplicationScoped
public class JdbcOutbox {

    public static final String RELAY = "system:outbox-relay";

    @Inject
    Database database;

    /** One outbox row: a record's event at one version, with its masked payload. */
    public record OutboxRow(long id, UUID aggregateId, long version, String eventType, String payload) {
    }

    /** How far the engine is behind: unpublished rows and the age of the oldest, in seconds (0 when none). */
    public record Lag(long unpublished, double oldestSeconds) {
    }

    /**
     * Locks up to {@code limit} unpublished rows, oldest first, skipping rows another relay holds:
     * two servers never publish the same row at the same time.
     */
    public List<OutboxRow> claim(RecordType type, int limit) throws SQLException {
        String sql = "SELECT id, aggregate_id, aggregate_version, event_type, payload::text FROM "
                + JdbcRecordStore.outbox(type.path()) + " WHERE published_at IS NULL ORDER BY id LIMIT ? "
                + "FOR UPDATE SKIP LOCKED";
        try (Connection c = database.connectionAs(RELAY); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setInt(1, limit);
            List<OutboxRow> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new OutboxRow(rs.getLong(1), rs.getObject(2, UUID.class), rs.getLong(3), rs.getString(4),
                            rs.getString(5)));
                }
            }
            return out;
        }
    }

    public void markPublished(RecordType type, List<Long> ids) throws SQLException {
        String sql = "UPDATE " + JdbcRecordStore.outbox(type.path()) + " SET published_at = now() WHERE id = ANY (?)";
        try (Connection c = database.connectionAs(RELAY); PreparedStatement ps = c.prepareStatement(sql)) {
            Array array = c.createArrayOf("bigint", ids.toArray());
            ps.setArray(1, array);
            ps.executeUpdate();
        }
    }

    public Lag lag(RecordType type) throws SQLException {
        String sql = "SELECT count(*), coalesce(extract(epoch FROM now() - min(created_at)), 0) FROM "
                + JdbcRecordStore.outbox(type.path()) + " WHERE published_at IS NULL";
        try (Connection c = database.connectionAs(RELAY); PreparedStatement ps = c.prepareStatement(sql);
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return new Lag(rs.getLong(1), rs.getDouble(2));
        }
    }

    /**
     * The lags of many record types, in the order given, in one statement: each part counts the
     * unpublished rows on the outbox's partial index of them, so a type with nothing to publish costs
     * an empty index probe. The caller keeps the list short (the relay asks for a hundred at a time).
     */
    public List<Lag> lags(List<RecordType> types) throws SQLException {
        if (types.isEmpty()) {
            return List.of();
        }
        StringBuilder sql = new StringBuilder();
        for (int i = 0; i < types.size(); i++) {
            sql.append(i == 0 ? "" : " UNION ALL ").append("SELECT ").append(i)
                    .append(", count(*), coalesce(extract(epoch FROM now() - min(created_at)), 0) FROM ")
                    .append(JdbcRecordStore.outbox(types.get(i).path())).append(" WHERE published_at IS NULL");
        }
        Lag[] lags = new Lag[types.size()];
        try (Connection c = database.connectionAs(RELAY); PreparedStatement ps = c.prepareStatement(sql.toString());
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                lags[rs.getInt(1)] = new Lag(rs.getLong(2), rs.getDouble(3));
            }
        }
        return List.of(lags);
    }

    /**
     * The outbox in one snapshot: its rows, the highest id, the unpublished rows and, when asked for,
     * the records that exist according to it (aggregates whose latest event is not a deletion; -1
     * when not counted). Rows are only ever added and marked, so two looks with the same rows, last
     * id and unpublished count saw the same outbox: nothing was written or published in between.
     */
    public record State(long rows, long lastId, long unpublished, long live) {

        public boolean sameRows(State other) {
            return rows == other.rows && lastId == other.lastId && unpublished == other.unpublished;
        }
    }

    public State state(RecordType type, boolean countLive) throws SQLException {
        String table = JdbcRecordStore.outbox(type.path());
        String live = countLive
                ? "(SELECT count(*) FROM (SELECT DISTINCT ON (aggregate_id) event_type FROM " + table
                        + " ORDER BY aggregate_id, id DESC) latest WHERE event_type <> 'deleted')"
                : "-1";
        String sql = "SELECT count(*), coalesce(max(id), 0), count(*) FILTER (WHERE published_at IS NULL), " + live
                + " FROM " + table;
        try (Connection c = database.connectionAs(RELAY); PreparedStatement ps = c.prepareStatement(sql);
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return new State(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4));
        }
    }

    /** Marks every row unpublished again, so the relay replays the whole history into the engine. */
    public long replayAll(RecordType type) throws SQLException {
        String sql = "UPDATE " + JdbcRecordStore.outbox(type.path()) + " SET published_at = NULL "
                + "WHERE published_at IS NOT NULL";
        try (Connection c = database.connectionAs(RELAY); PreparedStatement ps = c.prepareStatement(sql)) {
            return ps.executeUpdate();
        }
    }
}
