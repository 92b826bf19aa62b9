package sh.velocity.migrate;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.postgresql.PGConnection;

/**
 * The one step that needs a cluster administrator: creates {@code velocity_owner} (owns every
 * platform object, may create the per-domain roles) and {@code velocity_api} (the server's
 * login: no superuser, no BYPASSRLS, no CREATEDB/CREATEROLE), and the database owned by
 * velocity_owner. Idempotent; an existing role is corrected back to these attributes, so a
 * re-run repairs a drifted {@code BYPASSRLS}.
 *
 * <p>Two things stay out of PostgreSQL's own log, whatever {@code log_statement} or
 * {@code log_min_duration_statement} a DBA turns on: a password is sent as the SCRAM-SHA-256
 * verifier the driver computes here, never as text; and both roles carry
 * {@code log_parameter_max_length = 0} and {@code log_parameter_max_length_on_error = 0}, so the
 * values bound to their statements (record fields, sensitive ones among them) are never written
 * with a logged statement. Setting those needs a superuser (or, on PostgreSQL 15, {@code SET} on
 * the parameters); an administrator without it gets a warning naming the statements to run.
 */
public final class RoleBootstrap {

    private RoleBootstrap() {
    }

    /** Role settings that keep bound values out of PostgreSQL's log (class comment). */
    static final List<String> QUIET_PARAMETERS = List.of("log_parameter_max_length = 0",
            "log_parameter_max_length_on_error = 0");

    public static void run(Connection admin, DatabaseTarget target) throws SQLException {
        ensureRole(admin, target.ownerUser(), target.ownerPassword(),
                "LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB CREATEROLE NOREPLICATION INHERIT");
        ensureRole(admin, target.apiUser(), target.apiPassword(),
                "LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE NOREPLICATION INHERIT");
        quietParameters(admin, target.ownerUser());
        quietParameters(admin, target.apiUser());
        if (!exists(admin, "SELECT 1 FROM pg_database WHERE datname = ?", target.database())) {
            try (Statement st = admin.createStatement()) {
                st.execute("CREATE DATABASE " + quote(target.database()) + " OWNER " + quote(target.ownerUser()));
            }
        }
    }

    private static void ensureRole(Connection admin, String role, String password, String attributes)
            throws SQLException {
        String verb = exists(admin, "SELECT 1 FROM pg_roles WHERE rolname = ?", role) ? "ALTER" : "CREATE";
        try (Statement st = admin.createStatement()) {
            st.execute(verb + " ROLE " + quote(role) + " " + attributes);
        }
        if (password != null && !password.isEmpty()) {
            // DDL takes no bind parameters, so a password in ALTER ROLE would be statement text, which
            // PostgreSQL logs under log_statement = 'ddl' or 'all'. The driver salts and hashes it
            // here and sends only the SCRAM-SHA-256 verifier.
            admin.unwrap(PGConnection.class).alterUserPassword(role, password.toCharArray(), "scram-sha-256");
        }
    }

    private static void quietParameters(Connection admin, String role) throws SQLException {
        try (Statement st = admin.createStatement()) {
            for (String setting : QUIET_PARAMETERS) {
                st.execute("ALTER ROLE " + quote(role) + " SET " + setting);
            }
        } catch (SQLException e) {
            if (!"42501".equals(e.getSQLState())) {
                throw e;
            }
            System.err.println("WARNING: this administrator may not set " + String.join(" and ", QUIET_PARAMETERS)
                    + " for " + role + ": PostgreSQL would write the values bound to its statements into its log"
                    + " whenever it logs them. As a superuser run: ALTER ROLE " + quote(role) + " SET "
                    + String.join("; ALTER ROLE " + quote(role) + " SET ", QUIET_PARAMETERS) + ";");
        }
    }

    private static boolean exists(Connection c, String sql, String value) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, value);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    static String quote(String identifier) {
        if (!identifier.matches("[a-z_][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("role and database names must match [a-z_][a-z0-9_]{0,62}");
        }
        return "\"" + identifier + "\"";
    }
}
