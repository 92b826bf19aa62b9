package sh.velocity.migrate;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The one step that needs a cluster administrator: creates {@code velocity_owner} (owns every
 * platform object, may create the per-domain roles) and {@code velocity_api} (the server's
 * login: no superuser, no BYPASSRLS, no CREATEDB/CREATEROLE), and the database owned by
 * velocity_owner. Idempotent; an existing role is corrected back to these attributes, so a
 * re-run repairs a drifted {@code BYPASSRLS}.
 */
public final class RoleBootstrap {

    private RoleBootstrap() {
    }

    public static void run(Connection admin, DatabaseTarget target) throws SQLException {
        ensureRole(admin, target.ownerUser(), target.ownerPassword(),
                "LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB CREATEROLE NOREPLICATION INHERIT");
        ensureRole(admin, target.apiUser(), target.apiPassword(),
                "LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE NOREPLICATION INHERIT");
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
            if (password != null && !password.isEmpty()) {
                // Sent in the statement text because DDL takes no bind parameters; the driver does not
                // log statements and the literal is quoted below.
                st.execute("ALTER ROLE " + quote(role) + " PASSWORD " + literal(password));
            }
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

    static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }
}
