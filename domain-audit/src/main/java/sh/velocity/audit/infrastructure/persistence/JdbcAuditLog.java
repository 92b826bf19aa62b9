package sh.velocity.audit.infrastructure.persistence;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import sh.velocity.audit.api.AuditEvent;
import sh.velocity.audit.api.AuditEventView;
import sh.velocity.audit.api.AuditQueries;
import sh.velocity.audit.domain.AuditTimestamp;
import sh.velocity.audit.domain.ChainOrg;
import sh.velocity.audit.domain.EventRow;
import sh.velocity.audit.domain.StoredEvent;
import sh.velocity.kernel.db.Database;

/**
 * Writes events only through the {@code platform.audit_append} procedure, which queues them (their
 * sequence numbers and hashes are assigned by {@link #link}, after the transaction commits), and
 * reads them back in chain order.
 */
@ApplicationScoped
public class JdbcAuditLog {

    /**
     * Every column is text on the wire whatever format the driver picks (a statement the driver
     * has server-prepared may switch numbers and timestamps to binary), so {@code getBytes} hands
     * over the UTF-8 bytes the chain hashed. The chain is not selected: {@code l.chain = ?} under
     * the column's deterministic collation means its bytes are the parameter's. The head comes with
     * the first row read only (the two scalar subqueries run once, in the statement's snapshot).
     */
    private static final String COLUMNS = "l.seq, l.actor, l.operation, l.resource, l.result, l.fail_mode, "
            + "l.request_id, l.source_ip, (l.created_at AT TIME ZONE 'UTC')::text, l.payload::text, l.prev_hash, l.hash";
    /** The recorded head as {@code "<seq> <hash>"} (a chain parameter), read by {@link #head(String)}. */
    private static final String HEAD = "(SELECT seq::text || ' ' || hash FROM platform.audit_chain_heads WHERE chain = ?)";
    private static final String STREAM = "SELECT " + COLUMNS + ", CASE WHEN l.seq = (SELECT min(seq) FROM "
            + "platform.audit_log WHERE org = ? AND chain = ? AND seq >= ?) THEN " + HEAD + " END "
            + "FROM platform.audit_log l WHERE l.org = ? AND l.chain = ? AND l.seq >= ? ORDER BY l.seq";
    /**
     * The columns of a {@link StoredEvent}, for the drains; the timestamp is rendered in Java like the
     * stream's ({@link AuditTimestamp}), not by a per-row call of {@code platform.audit_timestamp}.
     */
    private static final String SELECT_COLUMNS = "l.chain, l.seq, l.actor, l.operation, l.resource, l.result, "
            + "l.fail_mode, l.request_id, l.source_ip, (l.created_at AT TIME ZONE 'UTC')::text AS ts, "
            + "l.payload::text AS payload_text, l.prev_hash, l.hash";
    /**
     * Rows per round trip of the stream. The driver fetches synchronously: PostgreSQL produces a
     * batch while the reading thread waits, then idles while the batch is parsed. 2,000 rows
     * (about 0.8 MB) verified a 1,000,000-event chain over HTTP in 3.07–3.33 s against 3.76–4.14 s
     * with 10,000, with less CPU on both sides (docs/benchmarks.md, 2026-11-22 afternoon); 50,000
     * was slower still.
     */
    private static final int FETCH_ROWS = 2_000;

    /** The stream's columns for one range of a chain, without the head: {@link #openHalves}. */
    private static final String RANGE = "SELECT " + COLUMNS + " FROM platform.audit_log l WHERE l.org = ? "
            + "AND l.chain = ? AND l.seq >= ? AND l.seq <= ? ORDER BY l.seq";

    @Inject
    Database database;

    public void insert(AuditEvent e, String actor, String requestId, String sourceIp) throws SQLException {
        try (Connection c = database.plainConnection();
             PreparedStatement ps = c.prepareStatement("CALL platform.audit_append(?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb)")) {
            ps.setString(1, e.chain());
            ps.setString(2, actor);
            ps.setString(3, e.operation());
            ps.setString(4, e.resource());
            ps.setString(5, e.result().dbValue());
            ps.setString(6, e.failMode());
            ps.setString(7, requestId);
            ps.setString(8, sourceIp);
            ps.setString(9, e.payload().toString());
            ps.execute();
        }
    }

    /**
     * Links up to {@code limit} queued events of committed transactions into their chains, in one
     * transaction of their own ({@code platform.audit_link}; the caller has none), and returns how
     * many it linked.
     */
    public int link(int limit) throws SQLException {
        try (Connection c = database.plainConnection();
             PreparedStatement ps = c.prepareStatement("SELECT platform.audit_link(?)")) {
            ps.setInt(1, limit);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /**
     * Streams every event of the chain in sequence order, rows beyond the recorded head included
     * (a row slipped in after it is seen), and returns the head's (seq, hash), or (0, null) for a
     * chain never written. Head and events come from one statement, hence one snapshot: an append
     * committing meanwhile is either wholly in it (row and head) or wholly out of it.
     *
     * <p>Each row is a fresh {@link EventRow} of the bytes the driver handed over (the sink may keep
     * it, or hand it to another thread). Timestamps are rendered here from PostgreSQL's ISO text
     * ({@link AuditTimestamp}), not by calling {@code platform.audit_timestamp} once per row.
     */
    public Head stream(String chain, Consumer<EventRow> sink) throws SQLException {
        return stream(chain, 0, sink);
    }

    /**
     * {@link #stream} from event {@code fromSeq} on (that event included): what a pass that goes on
     * from where an earlier one ended reads.
     */
    public Head stream(String chain, long fromSeq, Consumer<EventRow> sink) throws SQLException {
        try (Connection c = database.plainConnection()) {
            Head head = null;
            String[] replaced = streamingPlan(c);
            try (PreparedStatement ps = c.prepareStatement(STREAM)) {
                ps.setFetchSize(FETCH_ROWS);
                String org = ChainOrg.of(chain);
                ps.setString(1, org);
                ps.setString(2, chain);
                ps.setLong(3, fromSeq);
                ps.setString(4, chain);
                ps.setString(5, org);
                ps.setString(6, chain);
                ps.setLong(7, fromSeq);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        if (head == null) {
                            head = head(rs.getString(13));
                        }
                        sink.accept(row(rs));
                    }
                }
            }
            restorePlan(c, replaced);
            return head != null ? head : headOnly(c, chain);
        }
    }

    private static EventRow row(ResultSet rs) throws SQLException {
        return new EventRow(rs.getLong(1), rs.getBytes(2), rs.getBytes(3), rs.getBytes(4), rs.getBytes(5),
                rs.getBytes(6), rs.getBytes(7), rs.getBytes(8), timestamp(rs.getBytes(9)), rs.getBytes(10),
                rs.getBytes(11), rs.getBytes(12));
    }

    /**
     * Opens two connections of their own on one snapshot of the chain, for reading its events up
     * to {@code split} and after it side by side: the first exports its snapshot
     * ({@code REPEATABLE READ}, read only) and reads the head and the stored hash of event
     * {@code split}; the second imports the snapshot. Must be called outside a JTA transaction (two
     * one-phase resources cannot join one); the caller closes the result, which ends both
     * transactions and hands the connections back as they were.
     */
    public Halves openHalves(String chain, long split) throws SQLException {
        Halves h = new Halves(chain);
        try {
            h.first = h.begin();
            String snapshot;
            try (PreparedStatement ps = h.first.prepareStatement("SELECT pg_export_snapshot(), "
                    + "(SELECT hash FROM platform.audit_log WHERE org = ? AND chain = ? AND seq = ?), " + HEAD)) {
                ps.setString(1, ChainOrg.of(chain));
                ps.setString(2, chain);
                ps.setLong(3, split);
                ps.setString(4, chain);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    snapshot = rs.getString(1);
                    h.hashAtSplit = rs.getString(2);
                    h.head = head(rs.getString(3));
                }
            }
            h.second = h.begin();
            try (PreparedStatement ps = h.second.prepareStatement("SET TRANSACTION SNAPSHOT '"
                    + snapshot.replace("'", "''") + "'")) {
                ps.execute();
            }
            h.split = split;
            return h;
        } catch (SQLException | RuntimeException e) {
            h.close();
            throw e;
        }
    }

    /** Two connections on one snapshot of a chain, each reading one half: {@link #openHalves}. */
    public final class Halves implements AutoCloseable {
        private final String chain;
        private Connection first;
        private Connection second;
        private long split;
        private Head head;
        private String hashAtSplit;

        /** The pool's isolation level, as the first connection came: what both are handed back with. */
        private int pooledIsolation = Connection.TRANSACTION_READ_COMMITTED;

        private Halves(String chain) {
            this.chain = chain;
        }

        /** The chain's recorded head in the snapshot: (0, null) for a chain never written. */
        public Head head() {
            return head;
        }

        /** The stored hash of event {@code split}, null when there is no such event. */
        public String hashAtSplit() {
            return hashAtSplit;
        }

        /** Streams events 1 to {@code split} (any event numbered below 1 too) on the first connection. */
        public void streamFirst(Consumer<EventRow> sink) throws SQLException {
            range(first, Long.MIN_VALUE, split, sink);
        }

        /**
         * Streams the events after {@code split}, those beyond the recorded head included, on the
         * second connection; may run on another thread than {@link #streamFirst}.
         */
        public void streamSecond(Consumer<EventRow> sink) throws SQLException {
            range(second, split + 1, Long.MAX_VALUE, sink);
        }

        private void range(Connection c, long from, long to, Consumer<EventRow> sink) throws SQLException {
            pinPlan(c);
            try (PreparedStatement ps = c.prepareStatement(RANGE)) {
                ps.setFetchSize(FETCH_ROWS);
                ps.setString(1, ChainOrg.of(chain));
                ps.setString(2, chain);
                ps.setLong(3, from);
                ps.setLong(4, to);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        sink.accept(row(rs));
                    }
                }
            }
        }

        private Connection begin() throws SQLException {
            // each half its own physical connection, as two readers of one snapshot need
            Connection c = database.separateConnection();
            try {
                if (first == null) {
                    pooledIsolation = c.getTransactionIsolation();
                }
                c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
                c.setReadOnly(true);
                c.setAutoCommit(false);
                return c;
            } catch (SQLException | RuntimeException e) {
                c.close();
                throw e;
            }
        }

        /** Ends both read-only transactions and hands the connections back in their pool's state. */
        @Override
        public void close() {
            end(second);
            end(first);
        }

        private void end(Connection c) {
            if (c == null) {
                return;
            }
            try {
                try {
                    c.rollback();
                } finally {
                    c.setAutoCommit(true);
                    c.setReadOnly(false);
                    c.setTransactionIsolation(pooledIsolation);
                }
            } catch (SQLException e) {
                // The connection is closed below either way; the pool discards one left broken.
            } finally {
                try {
                    c.close();
                } catch (SQLException e) {
                    // nothing more to hand back
                }
            }
        }
    }

    /**
     * {@link #stream}, each row as a {@link StoredEvent} (strings: what the export writes): the same
     * statement and snapshot, head included.
     */
    public Head streamEvents(String chain, Consumer<StoredEvent> sink) throws SQLException {
        return stream(chain, row -> sink.accept(row.toStored(chain)));
    }

    /**
     * Up to {@code limit} events of the chain after sequence number {@code after} and not beyond
     * {@code upTo} (the head as last read: a row beyond the recorded head was not sealed by the
     * server), in sequence order. Sequence numbers are gap-free and committed in order within a
     * chain, so reading on from the last event shipped never skips one.
     */
    public List<StoredEvent> after(String chain, long after, long upTo, int limit) throws SQLException {
        try (Connection c = database.plainConnection();
             PreparedStatement ps = c.prepareStatement("SELECT " + SELECT_COLUMNS + " FROM platform.audit_log l "
                     + "WHERE l.org = ? AND l.chain = ? AND l.seq > ? AND l.seq <= ? ORDER BY l.seq LIMIT ?")) {
            ps.setString(1, ChainOrg.of(chain));
            ps.setString(2, chain);
            ps.setLong(3, after);
            ps.setLong(4, upTo);
            ps.setInt(5, limit);
            List<StoredEvent> out = new ArrayList<>(limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(storedEvent(rs));
                }
            }
            return out;
        }
    }

    private static StoredEvent storedEvent(ResultSet rs) throws SQLException {
        return new StoredEvent(rs.getString("chain"), rs.getLong("seq"), rs.getString("actor"),
                rs.getString("operation"), rs.getString("resource"), rs.getString("result"),
                rs.getString("fail_mode"), rs.getString("request_id"), rs.getString("source_ip"),
                new String(timestamp(rs.getBytes("ts")), StandardCharsets.UTF_8), rs.getString("payload_text"),
                rs.getString("prev_hash"),
                rs.getString("hash"));
    }

    /**
     * For the rest of the transaction (until {@link #restorePlan}): makes the planner read the
     * chain in index order, serially, rather than read it all and sort it, and returns the settings
     * it replaced. Without statistics (a chain filled faster than autovacuum analyses it, or
     * autovacuum off, as on the machine's PostgreSQL 15 here) the planner estimated 28 rows for a
     * 1,000,000-event chain and chose a bitmap scan and an external merge sort of 385 MB on disk:
     * 3.2 s over HTTP against 2.2 s with the index scan (docs/benchmarks.md). The
     * {@code (chain, seq)} index of each partition, merged, yields the sequence order directly, so
     * a sort is never needed; parallel workers would only queue rows in front of the one process
     * that sends them. {@code is_local}: nothing outlives the caller's transaction.
     */
    private static String[] streamingPlan(Connection c) throws SQLException {
        String[] previous = new String[2];
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT current_setting('enable_sort'), current_setting('max_parallel_workers_per_gather')");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            previous[0] = rs.getString(1);
            previous[1] = rs.getString(2);
        }
        pinPlan(c);
        return previous;
    }

    /**
     * The settings of {@link #streamingPlan}, without remembering what they replace: for a
     * transaction that only reads the chain and ends ({@link Halves}).
     */
    private static void pinPlan(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT set_config('enable_sort', 'off', true), set_config('max_parallel_workers_per_gather', '0', true)")) {
            ps.execute();
        }
    }

    /** Puts back the settings {@link #streamingPlan} replaced, for what the transaction does next. */
    private static void restorePlan(Connection c, String[] previous) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT set_config('enable_sort', ?, true), set_config('max_parallel_workers_per_gather', ?, true)")) {
            ps.setString(1, previous[0]);
            ps.setString(2, previous[1]);
            ps.execute();
        }
    }

    /** The head of a chain without events (one the stream found no row of): (0, null) when never written. */
    private static Head headOnly(Connection c, String chain) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT seq, hash FROM platform.audit_chain_heads WHERE chain = ?")) {
            ps.setString(1, chain);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? new Head(rs.getLong(1), rs.getString(2)) : new Head(0, null);
            }
        }
    }

    /** {@code "<seq> <hash>"} of the head row, or NULL when the chain has none. */
    private static Head head(String seqAndHash) {
        if (seqAndHash == null) {
            return new Head(0, null);
        }
        int space = seqAndHash.indexOf(' ');
        return new Head(Long.parseLong(seqAndHash.substring(0, space)), seqAndHash.substring(space + 1));
    }

    private static byte[] timestamp(byte[] iso) throws SQLException {
        try {
            return AuditTimestamp.render(iso);
        } catch (IllegalArgumentException e) {
            throw new SQLException("the audit log returned a timestamp in an unexpected form", e);
        }
    }

    public List<AuditEventView> page(String chain, Long before, int limit) throws SQLException {
        try (Connection c = database.plainConnection();
             PreparedStatement ps = c.prepareStatement("SELECT seq, chain, actor, operation, resource, result, "
                     + "fail_mode, request_id, source_ip, created_at, payload::text AS payload_text, hash "
                     + "FROM platform.audit_log WHERE org = ? AND chain = ? AND seq < ? ORDER BY seq DESC LIMIT ?")) {
            ps.setString(1, ChainOrg.of(chain));
            ps.setString(2, chain);
            ps.setLong(3, before == null ? Long.MAX_VALUE : before);
            ps.setInt(4, limit);
            List<AuditEventView> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new AuditEventView(rs.getLong("seq"), rs.getString("chain"), rs.getString("actor"),
                            rs.getString("operation"), rs.getString("resource"), rs.getString("result"),
                            rs.getString("fail_mode"), rs.getString("request_id"), rs.getString("source_ip"),
                            rs.getObject("created_at", OffsetDateTime.class), rs.getString("payload_text"),
                            rs.getString("hash")));
                }
            }
            return out;
        }
    }

    /**
     * Successful record writes on {@code chains} since {@code from}, per minute. The operations are
     * spelled out in the statement (not bound) so that PostgreSQL may use the partial index
     * {@code audit_log_record_writes (chain, created_at)}, which holds exactly those rows; {@code org}
     * prunes other organisations' partitions and {@code created_at} the older months.
     */
    public SortedMap<Instant, Long> recordWritesPerMinute(Collection<String> chains, Instant from) throws SQLException {
        String operations = AuditQueries.RECORD_WRITES.stream().map(o -> "'" + o + "'")
                .collect(Collectors.joining(", "));
        Set<String> orgs = new TreeSet<>();
        chains.forEach(chain -> orgs.add(ChainOrg.of(chain)));
        try (Connection c = database.plainConnection();
             PreparedStatement ps = c.prepareStatement("SELECT date_trunc('minute', created_at, 'UTC') AS minute, "
                     + "count(*) AS writes FROM platform.audit_log WHERE org = ANY (?) AND chain = ANY (?) "
                     + "AND created_at >= ? AND result = 'success' AND operation IN (" + operations + ") "
                     + "GROUP BY 1")) {
            ps.setArray(1, c.createArrayOf("text", orgs.toArray()));
            ps.setArray(2, c.createArrayOf("text", chains.toArray()));
            ps.setObject(3, OffsetDateTime.ofInstant(from, ZoneOffset.UTC));
            SortedMap<Instant, Long> out = new TreeMap<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getObject("minute", OffsetDateTime.class).toInstant(), rs.getLong("writes"));
                }
            }
            return out;
        }
    }

    /** The chain head as recorded by {@code audit_insert}. */
    public record Head(long seq, String hash) {
    }
}
