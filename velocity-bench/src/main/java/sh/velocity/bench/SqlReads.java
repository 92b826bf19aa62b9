package sh.velocity.bench;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The SQL baselines of the read phases (issue 4, acceptance 7): the same reads sent straight to the
 * server's PostgreSQL from this JVM, with the same number of clients, closed loop, timed the same way
 * as the HTTP phases ({@link LoadRun}), one JDBC connection per client. Two of them per read:
 *
 * <ul>
 *   <li><b>the server's SQL</b>: the statements the server sends for that request, as PostgreSQL's
 *       {@code log_statement = all} showed them — the principal's binding, the type's generation
 *       guard and the query, in one message and its implicit transaction (ADR 0005, amended). The
 *       connection runs them as {@code velocity_api} ({@code SET ROLE}), so row-level security
 *       applies as it does for the server. What it leaves out: HTTP, Redis (rate limit and
 *       revocation), masking and JSON, and the API key lookup, which the server makes once per key
 *       every few seconds (ADR 0021). Until session 20 the server sent the key lookup on every
 *       request and the read between BEGIN and COMMIT, and so did this baseline;</li>
 *   <li><b>bare</b>: the query alone, autocommit, as the superuser (no row-level security): the least
 *       any server has to send for the request.</li>
 * </ul>
 *
 * And a floor beside the HTTP floors: {@code SELECT 1}, what one round trip to PostgreSQL costs on
 * this machine under the same number of clients.
 */
final class SqlReads implements AutoCloseable {

    /** The columns the server selects for the example manifest's records (GET and list alike). */
    static final String COLUMNS = "id, version, created_at, updated_at, \"po_number\", \"amount\", \"currency\", "
            + "\"notes\", \"credit_card\"";

    /** The three read shapes of the benchmark. */
    enum Read {
        GET, LIST_FIRST, LIST_AT
    }

    private final List<Connection> connections = new ArrayList<>();

    private SqlReads() {
    }

    /** {@code clients} connections to {@code pg}; each runs {@code setup} once. */
    static SqlReads open(Postgres.Target pg, int clients, String setup) throws SQLException {
        SqlReads reads = new SqlReads();
        try {
            for (int i = 0; i < clients; i++) {
                Connection c = pg.connect();
                reads.connections.add(c);
                if (setup != null) {
                    try (Statement s = c.createStatement()) {
                        s.execute(setup);
                    }
                }
            }
        } catch (SQLException e) {
            reads.close();
            throw e;
        }
        return reads;
    }

    @Override
    public void close() {
        for (Connection c : connections) {
            try {
                c.close();
            } catch (SQLException e) {
                // the phase is over; nothing to keep
            }
        }
    }

    /** What the server's SQL needs to know: the key's principal, the type's generation and table. */
    record Context(String principal, String schemaPath, int generation, String table, long rows) {

        static Context of(Postgres.Target pg, String key, String schemaPath, String table, long rows)
                throws SQLException {
            String hash = sha256Hex(key);
            try (Connection c = pg.connect();
                 PreparedStatement k = c.prepareStatement("SELECT principal FROM platform.api_keys WHERE key_hash = ?");
                 PreparedStatement g = c.prepareStatement(
                         "SELECT generation FROM platform.schema_definitions WHERE schema_path = ?")) {
                k.setString(1, hash);
                g.setString(1, schemaPath);
                try (ResultSet kr = k.executeQuery(); ResultSet gr = g.executeQuery()) {
                    if (!kr.next() || !gr.next()) {
                        throw new IllegalStateException("the benchmark's key or record type " + schemaPath
                                + " is not in the server's database");
                    }
                    return new Context(kr.getString(1), schemaPath, gr.getInt(1), table, rows);
                }
            }
        }
    }

    /** {@code SELECT 1}, autocommit. */
    LoadRun.Exchange<Long> selectOne() {
        return exchange(Read.LIST_FIRST, 0, (c, g) -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT 1"); ResultSet rs = ps.executeQuery()) {
                return rs.next() ? null : "no row";
            }
        });
    }

    /** The query of {@code read} alone, autocommit (open these connections as the superuser). */
    LoadRun.Exchange<Long> bare(Read read, Context ctx) {
        String query = query(read, ctx.table());
        return exchange(read, ctx.rows(), (c, g) -> {
            try (PreparedStatement ps = c.prepareStatement(query)) {
                bind(ps, 1, read, g);
                try (ResultSet rs = ps.executeQuery()) {
                    return expect(read, rs);
                }
            }
        });
    }

    /**
     * The server's statements for {@code read}: the principal's binding, the guard and the query in
     * one message's implicit transaction (open these connections with {@code SET ROLE velocity_api}).
     */
    LoadRun.Exchange<Long> server(Read read, Context ctx) {
        String bound = "SELECT set_config('velocity.principal', ?, true); "
                + "SELECT platform.require_schema_generation(?, ?, ?); " + query(read, ctx.table());
        return exchange(read, ctx.rows(), (c, g) -> {
            try (PreparedStatement ps = c.prepareStatement(bound)) {
                ps.setString(1, ctx.principal());
                ps.setString(2, ctx.schemaPath());
                ps.setInt(3, ctx.generation());
                ps.setString(4, ctx.table());
                bind(ps, 5, read, g);
                ps.execute();
                ps.getMoreResults(); // the guard's
                ps.getMoreResults(); // the query's
                try (ResultSet rs = ps.getResultSet()) {
                    return expect(read, rs);
                }
            }
        });
    }

    /** One turn of a client on its own connection, about row {@code g}: null on success, else what failed. */
    @FunctionalInterface
    private interface Turn {
        String on(Connection c, long g) throws SQLException;
    }

    /** Each turn picks a row as the HTTP phase of {@code read} does ({@link #pick}), untimed. */
    private LoadRun.Exchange<Long> exchange(Read read, long rows, Turn turn) {
        return new LoadRun.Exchange<>() {
            @Override
            public Long next(int client, SplittableRandom random) {
                return pick(read, rows, random);
            }

            @Override
            public LoadRun.Failure perform(int client, Long g) throws SQLException {
                String problem = turn.on(connections.get(client), g); // autocommit: a failure leaves no transaction
                return problem == null ? null : new LoadRun.Failure(problem, problem);
            }
        };
    }

    /**
     * The row a turn reads, as the HTTP phase picks it: any row for a GET ({@link RecordsBenchmark#rowId}),
     * a page start with a full page after it for a list at a random position ({@link RecordsBenchmark#cursorAt}).
     */
    static long pick(Read read, long rows, SplittableRandom random) {
        return switch (read) {
            case GET -> 1 + random.nextLong(Math.max(1, rows));
            case LIST_AT -> 1 + random.nextLong(Math.max(1, rows - 100));
            case LIST_FIRST -> 0;
        };
    }

    /** The server's query for {@code read} on {@code table}: its select list, order and page size. */
    static String query(Read read, String table) {
        String select = "SELECT " + COLUMNS + " FROM " + table;
        return switch (read) {
            case GET -> select + " WHERE id = ?";
            case LIST_FIRST -> select + " ORDER BY \"created_at\" ASC NULLS LAST, id LIMIT ?";
            case LIST_AT -> select + " WHERE (\"created_at\", id) > (?, ?) ORDER BY \"created_at\" ASC NULLS LAST, id"
                    + " LIMIT ?";
        };
    }

    /** Binds the query's parameters for row {@code g}: its id, or the cursor just before it, and the page size. */
    private static void bind(PreparedStatement ps, int at, Read read, long g) throws SQLException {
        switch (read) {
            case GET -> ps.setObject(at, RecordsBenchmark.rowId(g));
            case LIST_FIRST -> ps.setInt(at, 101);
            case LIST_AT -> {
                ps.setObject(at, OffsetDateTime.ofInstant(RecordsBenchmark.FILL_BASE.plus(Duration.ofMillis(10 * g)),
                        ZoneOffset.UTC));
                ps.setObject(at + 1, RecordsBenchmark.rowId(g));
                ps.setInt(at + 2, 101);
            }
            default -> throw new IllegalArgumentException(read.name());
        }
    }

    /**
     * Reads every row, as the server does; null when there were as many as the HTTP phase gets: a
     * GET its row, a list a full page of 100 (plus the one that tells the server a next page exists,
     * unless the page ends the table).
     */
    static String expect(Read read, ResultSet rs) throws SQLException {
        int n = 0;
        while (rs.next()) {
            rs.getObject(1);
            n++;
        }
        int wanted = read == Read.GET ? 1 : 100;
        return n == wanted || (read != Read.GET && n == wanted + 1) ? null : n + " rows, expected " + wanted;
    }

    static String sha256Hex(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

}
