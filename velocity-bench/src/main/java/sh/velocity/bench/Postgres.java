package sh.velocity.bench;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The PostgreSQL the server uses, reached directly as a superuser: for filling a record table by
 * SQL and for pgbench. Loopback only, like the server URL.
 *
 * <p>Default: the embedded PostgreSQL of the run command. Its port is on line 4 of
 * {@code <repo>/target/devstack/pgdata/postmaster.pid} (PostgreSQL writes it there while the
 * cluster runs; the launcher also prints "[velocity] embedded PostgreSQL on 127.0.0.1:PORT"); its
 * superuser is {@code postgres} with trust authentication on loopback, its database
 * {@code velocity}.
 */
final class Postgres {

    static final Path DEFAULT_PID_FILE = Path.of("target", "devstack", "pgdata", "postmaster.pid");
    private static final Set<String> LOOPBACK = Set.of("127.0.0.1", "localhost", "::1", "[::1]");

    /** host, port, superuser, database, and a password only if the URL carried one. */
    record Target(String host, int port, String user, String database, String password, String origin) {

        String jdbcUrl() {
            return "jdbc:postgresql://" + (host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host)
                    + ":" + port + "/" + database + "?ApplicationName=velocity-bench";
        }

        /** As printed in reports: no password. */
        String display() {
            return "postgresql://" + user + "@" + host + ":" + port + "/" + database;
        }

        Connection connect() throws SQLException {
            return DriverManager.getConnection(jdbcUrl(), user, password == null ? "" : password);
        }
    }

    private Postgres() {
    }

    /**
     * {@code postgresql://user[:password]@host:port/database} (or the same with {@code jdbc:} in
     * front); the user defaults to postgres, the database to velocity.
     */
    static Target parse(String text) {
        String t = text.trim();
        if (t.startsWith("jdbc:")) {
            t = t.substring(5);
        }
        URI uri;
        try {
            uri = new URI(t);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("--pg-url " + text + " is not a URL: " + e.getMessage());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("postgresql") && !scheme.equals("postgres")) {
            throw new IllegalArgumentException("--pg-url must look like postgresql://postgres@127.0.0.1:PORT/velocity,"
                    + " got " + text);
        }
        String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
        if (!LOOPBACK.contains(host)) {
            throw new IllegalArgumentException("--pg-url " + text + " refused: the benchmark writes a million rows"
                    + " as a superuser, so it only talks to 127.0.0.1, localhost or ::1");
        }
        int port = uri.getPort() > 0 ? uri.getPort() : 5432;
        String user = "postgres";
        String password = null;
        if (uri.getUserInfo() != null && !uri.getUserInfo().isEmpty()) {
            String[] parts = uri.getUserInfo().split(":", 2);
            user = parts[0];
            password = parts.length > 1 ? parts[1] : null;
        }
        String path = uri.getPath() == null ? "" : uri.getPath().replaceAll("^/+", "").replaceAll("/+$", "");
        String database = path.isEmpty() ? "velocity" : path;
        return new Target(host.equals("[::1]") ? "::1" : host, port, user, database, password, "--pg-url");
    }

    /** The run command's embedded PostgreSQL, from its postmaster.pid, if it is running. */
    static Optional<Target> discover() {
        Optional<Path> root = Machine.repoRoot();
        if (root.isEmpty()) {
            return Optional.empty();
        }
        Path pid = root.get().resolve(DEFAULT_PID_FILE);
        try {
            List<String> lines = Files.readAllLines(pid, StandardCharsets.UTF_8);
            if (lines.size() < 4) {
                return Optional.empty();
            }
            long process = Long.parseLong(lines.get(0).trim());
            int port = Integer.parseInt(lines.get(3).trim());
            if (ProcessHandle.of(process).map(ProcessHandle::isAlive).orElse(false)) {
                return Optional.of(new Target("127.0.0.1", port, "postgres", "velocity", null, pid.toString()));
            }
        } catch (IOException | RuntimeException e) {
            // not running, or not ours
        }
        return Optional.empty();
    }

    /**
     * Registers the cluster's postmaster for the CPU-by-process figures: the parent of this
     * connection's backend (the database is on loopback, so it is a local process). Best effort.
     */
    static void watch(Target target) {
        try (Connection c = target.connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            ProcessHandle.of(rs.getLong(1)).flatMap(ProcessHandle::parent)
                    .ifPresent(p -> Machine.ProcessCpu.watchPostmaster(p.pid()));
        } catch (SQLException | RuntimeException e) {
            // CPU by process will count PostgreSQL under "other"
        }
    }

    /**
     * Samples {@code pg_stat_activity} of the database every 50 ms while a phase runs: how many
     * client backends (other than this sampler) are running a statement, how many of those wait
     * for a heavyweight lock (the chain head row, for audited writes), and how many sit idle inside
     * an open transaction (waiting for the application between statements, locks held). Best
     * effort: with no database, or on an error, it reports nothing.
     */
    static final class Activity implements AutoCloseable {
        private final Thread thread;
        private volatile boolean running = true;
        private long samples;
        private long active;
        private long lockWaits;
        private long idleInTransaction;
        private long withLockWait;

        private Activity(Target target) {
            thread = new Thread(() -> sample(target), "bench-pg-activity");
            thread.setDaemon(true);
            thread.start();
        }

        static Activity start(Target target) {
            return target == null ? null : new Activity(target);
        }

        private void sample(Target target) {
            try (Connection c = target.connect(); PreparedStatement ps = c.prepareStatement(
                    "SELECT count(*) FILTER (WHERE state = 'active'),"
                            + " count(*) FILTER (WHERE state = 'active' AND wait_event_type = 'Lock'),"
                            + " count(*) FILTER (WHERE state = 'idle in transaction')"
                            + " FROM pg_stat_activity WHERE datname = current_database()"
                            + " AND backend_type = 'client backend' AND pid <> pg_backend_pid()")) {
                while (running) {
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        synchronized (this) {
                            samples++;
                            active += rs.getLong(1);
                            lockWaits += rs.getLong(2);
                            idleInTransaction += rs.getLong(3);
                            withLockWait += rs.getLong(2) > 0 ? 1 : 0;
                        }
                    }
                    Thread.sleep(50);
                }
            } catch (SQLException | InterruptedException | RuntimeException e) {
                // reported as n/a
            }
        }

        /** Mean backends running / waiting for a lock / idle in transaction over the samples. */
        String summary() {
            synchronized (this) {
                if (samples == 0) {
                    return "backends: n/a";
                }
                return String.format(Locale.ROOT, "database backends (mean of %d samples): %.1f running a statement, of"
                        + " which %.1f waiting for a lock (a lock wait in %.0f%% of samples); %.1f idle in"
                        + " transaction", samples, (double) active / samples, (double) lockWaits / samples,
                        100.0 * withLockWait / samples, (double) idleInTransaction / samples);
            }
        }

        @Override
        public void close() {
            running = false;
            try {
                thread.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    static String unavailableHint() {
        return "Pass --pg-url postgresql://postgres@127.0.0.1:PORT/velocity (the run command prints"
                + " \"[velocity] embedded PostgreSQL on 127.0.0.1:PORT\"), or start the server with"
                + " mvn -B -Prun -DskipTests verify so that target/devstack/pgdata/postmaster.pid exists.";
    }

    /** "PostgreSQL 18.1 | fsync off | synchronous_commit off | shared_buffers 128MB | max_connections 300". */
    static String settings(Connection c) throws SQLException {
        StringBuilder s = new StringBuilder();
        try (Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT current_setting('server_version'), current_setting('fsync'),"
                    + " current_setting('synchronous_commit'), current_setting('shared_buffers'),"
                    + " current_setting('max_connections'), current_setting('wal_level'), current_user,"
                    + " (SELECT rolsuper FROM pg_roles WHERE rolname = current_user)")) {
                rs.next();
                s.append("PostgreSQL ").append(rs.getString(1)).append(" | fsync ").append(rs.getString(2))
                        .append(" | synchronous_commit ").append(rs.getString(3)).append(" | shared_buffers ")
                        .append(rs.getString(4)).append(" | max_connections ").append(rs.getString(5))
                        .append(" | wal_level ").append(rs.getString(6)).append(" | connected as ")
                        .append(rs.getString(7)).append(rs.getBoolean(8) ? " (superuser)" : " (NOT a superuser)");
            }
        }
        return s.toString();
    }

    /**
     * VACUUM of the audit queue and the chain heads, the two tables every audited write churns (one
     * insert and one delete per event, one head update per linked batch). A normal installation's
     * autovacuum does this about once a minute; the machines here run PostgreSQL with autovacuum
     * off, where the dead rows of every earlier run stay behind and each link pass walks them
     * (session 8: 268,563 dead rows, and linking three events took 3.3 ms instead of 1.6). The
     * benchmark runs it before each measured phase, HTTP and pgbench alike, and says so in the
     * report; it returns the line to print.
     */
    static String vacuumAuditQueue(Target target) {
        if (target == null) {
            return "no VACUUM of the audit queue (no PostgreSQL superuser connection)";
        }
        try (Connection c = target.connect(); Statement s = c.createStatement()) {
            String autovacuum;
            long dead;
            try (ResultSet rs = s.executeQuery("SELECT current_setting('autovacuum'), coalesce(sum(n_dead_tup), 0) "
                    + "FROM pg_stat_user_tables WHERE schemaname = 'platform' "
                    + "AND relname IN ('audit_pending', 'audit_chain_heads')")) {
                rs.next();
                autovacuum = rs.getString(1);
                dead = rs.getLong(2);
            }
            s.execute("VACUUM platform.audit_pending, platform.audit_chain_heads");
            return "VACUUM of the audit queue and chain heads before the phase (autovacuum " + autovacuum + ", "
                    + dead + " dead rows)";
        } catch (SQLException e) {
            return "no VACUUM of the audit queue (SQLState " + e.getSQLState() + ")";
        }
    }

    static void requireSuperuser(Connection c, Target target) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT rolsuper FROM pg_roles WHERE rolname = current_user");
             ResultSet rs = ps.executeQuery()) {
            if (!rs.next() || !rs.getBoolean(1)) {
                throw new IllegalStateException(target.display() + ": " + target.user() + " is not a superuser; the"
                        + " fill and pgbench run outside row-level security and need one.");
            }
        }
    }

    /** The PostgreSQL names of a record type, derived by the DDL gateway's own function. */
    record TableNames(String pgSchema, String table, String outbox) {
        String qualifiedTable() {
            return quote(pgSchema) + "." + quote(table);
        }

        String qualifiedOutbox() {
            return quote(pgSchema) + "." + quote(outbox);
        }
    }

    static TableNames names(Connection c, String schemaPath) throws SQLException {
        String[] p = schemaPath.split("/");
        if (p.length != 5) {
            throw new IllegalArgumentException("not a schema path: " + schemaPath);
        }
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT pg_schema, pg_table, pg_outbox FROM platform.ddl_names(?, ?, ?, ?, ?)")) {
            for (int i = 0; i < 5; i++) {
                ps.setString(i + 1, p[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                TableNames names = new TableNames(rs.getString(1), rs.getString(2), rs.getString(3));
                try (PreparedStatement check = c.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
                    check.setString(1, names.qualifiedTable());
                    try (ResultSet r = check.executeQuery()) {
                        r.next();
                        if (!r.getBoolean(1)) {
                            throw new IllegalStateException("table " + names.qualifiedTable() + " of " + schemaPath
                                    + " does not exist in this database: is --pg-url the server's database?");
                        }
                    }
                }
                return names;
            }
        }
    }

    static String quote(String identifier) {
        if (!identifier.matches("[a-z_][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("unexpected identifier " + identifier);
        }
        return "\"" + identifier + "\"";
    }
}
