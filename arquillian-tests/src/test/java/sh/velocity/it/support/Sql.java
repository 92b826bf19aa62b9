package sh.velocity.it.support;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import sh.velocity.it.stack.TestStack;

/** Direct SQL for tests: as the superuser (inspection, tampering) or as velocity_api (psql's view). */
public final class Sql {

    private Sql() {
    }

    public static long adminCount(String sql, Object... params) {
        try (Connection c = TestStack.current().adminConnection()) {
            return count(c, sql, params);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The first column of the first row, as text (null when there is no row). */
    public static String adminString(String sql, Object... params) {
        try (Connection c = TestStack.current().adminConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public static long apiCount(String sql, Object... params) {
        try (Connection c = TestStack.current().apiConnection()) {
            return count(c, sql, params);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public static void admin(String... statements) {
        try (Connection c = TestStack.current().adminConnection(); Statement st = c.createStatement()) {
            for (String s : statements) {
                st.execute(s);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long count(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
