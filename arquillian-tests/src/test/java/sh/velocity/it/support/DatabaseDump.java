package sh.velocity.it.support;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.postgresql.PGConnection;
import sh.velocity.it.stack.TestStack;

/**
 * The whole test database as text, as an attacker holding a backup would see it: {@code pg_dump}
 * as the superuser (row-level security does not apply to it) when a pg_dump of the server's major
 * version or newer is installed (pg_dump refuses older servers only), and otherwise, said so, every
 * row of every table in every schema with {@code COPY … TO STDOUT} as the superuser, which is the
 * data part of a pg_dump. The embedded PostgreSQL of the tests ships no pg_dump, and Debian 12
 * packages only pg_dump 15: against the embedded 18 the COPY form is used; with
 * {@code VELOCITY_TEST_PG_HOST} pointing at the machine's PostgreSQL 15, the real pg_dump runs.
 */
public final class DatabaseDump {

    /** What was dumped and how ({@code pg_dump <version>} or {@code COPY of every table}). */
    public record Dump(String text, String method) {
    }

    private DatabaseDump() {
    }

    public static Dump take() throws IOException, InterruptedException, SQLException {
        int serverMajor = serverMajor();
        Optional<Path> pgDump = pgDump(serverMajor);
        if (pgDump.isPresent()) {
            return new Dump(run(pgDump.get()), "pg_dump " + major(pgDump.get()) + " (server " + serverMajor + ")");
        }
        return new Dump(copyEveryTable(), "COPY of every table as the superuser (no pg_dump >= " + serverMajor
                + " installed)");
    }

    private static int serverMajor() throws SQLException {
        try (Connection c = TestStack.current().adminConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SHOW server_version_num")) {
            rs.next();
            return Integer.parseInt(rs.getString(1)) / 10000;
        }
    }

    /** The newest installed pg_dump that can dump a server of {@code serverMajor}. */
    static Optional<Path> pgDump(int serverMajor) throws IOException, InterruptedException {
        List<Path> candidates = new ArrayList<>();
        Path lib = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(lib)) {
            try (Stream<Path> versions = Files.list(lib)) {
                versions.map(v -> v.resolve("bin/pg_dump")).filter(Files::isExecutable).forEach(candidates::add);
            }
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            Path p = Path.of(dir.isEmpty() ? "." : dir, "pg_dump");
            if (Files.isExecutable(p)) {
                candidates.add(p);
            }
        }
        Path best = null;
        int bestMajor = -1;
        for (Path p : candidates) {
            int m = major(p);
            if (m >= serverMajor && m > bestMajor) {
                best = p;
                bestMajor = m;
            }
        }
        return Optional.ofNullable(best);
    }

    private static int major(Path pgDump) {
        try {
            Process p = new ProcessBuilder(pgDump.toString(), "--version").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(10, TimeUnit.SECONDS);
            Matcher m = Pattern.compile("\\) (\\d+)").matcher(out);
            return m.find() ? Integer.parseInt(m.group(1)) : -1;
        } catch (IOException | InterruptedException e) {
            return -1;
        }
    }

    private static String run(Path pgDump) throws IOException, InterruptedException {
        TestStack.AdminLogin login = TestStack.current().adminLogin();
        Path out = Files.createTempFile("velocity-it-dump", ".sql");
        try {
            ProcessBuilder pb = new ProcessBuilder(pgDump.toString(), "--host", login.host(), "--port",
                    Integer.toString(login.port()), "--username", login.user(), "--no-password", "--file",
                    out.toString(), login.database());
            pb.environment().put("PGPASSWORD", login.password());
            pb.redirectErrorStream(true);
            Process p = pb.start();
            String messages = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("pg_dump failed: " + messages);
            }
            return Files.readString(out, StandardCharsets.UTF_8);
        } finally {
            Files.deleteIfExists(out);
        }
    }

    private static String copyEveryTable() throws SQLException, IOException {
        StringBuilder dump = new StringBuilder();
        try (Connection c = TestStack.current().adminConnection()) {
            List<String> tables = new ArrayList<>();
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                    "SELECT format('%I.%I', n.nspname, t.relname) FROM pg_class t JOIN pg_namespace n "
                            + "ON n.oid = t.relnamespace WHERE t.relkind = 'r' AND n.nspname NOT IN "
                            + "('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%' ORDER BY 1")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            var copy = c.unwrap(PGConnection.class).getCopyAPI();
            for (String table : tables) {
                StringWriter rows = new StringWriter();
                copy.copyOut("COPY " + table + " TO STDOUT", rows);
                dump.append("-- ").append(table).append('\n').append(rows).append('\n');
            }
        }
        return dump.toString();
    }
}
