package sh.velocity.kernel.db;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Status;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;
import sh.velocity.kernel.request.RequestContext;

/**
 * Hands out connections of the server's one data source ({@code velocity_api}) with the principal
 * bound for row-level security.
 *
 * <p>The principal is set with {@code set_config('velocity.principal', …, true)}: local to the
 * current transaction, so it can never leak to the next user of a pooled connection. Inside a JTA
 * transaction Liberty hands every lookup the same physical connection, so JDBC and JPA work in that
 * transaction see the same principal. Outside a transaction the setting would die with its own
 * statement, so asking for a principal-bound connection without an active transaction is refused
 * outright rather than left to return 0 rows.
 *
 * <p>Outside a JTA transaction a connection comes from the same data source unshared. Liberty keeps
 * a <em>shareable</em> connection used outside a transaction bound to the request's local
 * transaction containment until the request ends, whatever {@code close()} says; a request that
 * then starts a transaction needs a second physical connection while still holding the first. With
 * as many such requests in flight as the pool has connections, every one of them held one and
 * waited for another until the pool's timeout: 503s for every request for tens of seconds
 * (seen with a pool of 8 and 16 clients, docs/benchmarks.md, session 11). An unshared connection
 * goes back to the pool when it is closed, so outside a transaction a request holds none between
 * statements.
 */
@ApplicationScoped
public class Database {

    /** Transaction-registry key: the principal this transaction's connection already carries. */
    private static final String PRINCIPAL_SET = Database.class.getName() + ".principal";
    /** Binds the principal (the one parameter) to the current transaction. */
    private static final String BIND_PRINCIPAL = "SELECT set_config('velocity.principal', ?, true)";

    @Resource(lookup = "jdbc/velocity")
    private DataSource dataSource;

    /** The same pool, unshared: each handle its own physical connection (class comment). */
    @Resource(lookup = "jdbc/velocity", shareable = false)
    private DataSource unshared;

    @Inject
    private RequestContext request;

    @Resource
    private TransactionSynchronizationRegistry transactions;

    /** A connection bound to the current request's principal (none when unauthenticated). */
    public Connection connection() throws SQLException {
        return connectionAs(request.principal().orElse(""));
    }

    /**
     * A connection bound to an explicit principal, for work that has no request. The principal is
     * set once per transaction: every later handle of the same transaction is the same physical
     * connection, which already carries it (the transaction's registry remembers which principal).
     */
    public Connection connectionAs(String principal) throws SQLException {
        boolean bind = needsBinding(principal);
        Connection c = dataSource.getConnection();
        if (!bind) {
            return c;
        }
        try (PreparedStatement ps = c.prepareStatement(BIND_PRINCIPAL)) {
            ps.setString(1, principal);
            ps.execute();
        } catch (SQLException e) {
            c.close();
            throw e;
        }
        transactions.putResource(PRINCIPAL_SET, principal);
        return c;
    }

    /**
     * {@code sql} (one or more commands) on this transaction's connection under the request's
     * principal, in one round trip: when the connection does not carry the principal yet, the
     * binding travels ahead of {@code sql} in the same text, and the driver sends the commands with
     * one Sync, each seeing the settings of those before it. A read then costs one round trip, not
     * a binding's and its own; a write's first statement (its permission check) binds for the rest.
     */
    public BoundStatement prepare(String sql) throws SQLException {
        String principal = request.principal().orElse("");
        boolean bind = needsBinding(principal);
        Connection c = dataSource.getConnection();
        try {
            PreparedStatement ps = c.prepareStatement(bind ? BIND_PRINCIPAL + "; " + sql : sql);
            if (bind) {
                ps.setString(1, principal);
            }
            return new BoundStatement(c, ps, bind ? 1 : 0, () -> transactions.putResource(PRINCIPAL_SET, principal));
        } catch (SQLException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    /**
     * A read under the request's principal: in a transaction, as {@link #prepare}; outside one, on an
     * unshared connection in autocommit, the binding always ahead of {@code sql} in the same text.
     * The driver sends the commands with one Sync, so they run in one implicit transaction that the
     * binding is local to: it ends with them, and the connection goes back to the pool carrying no
     * principal (ADR 0005, amended). A read costs one round trip and no BEGIN or COMMIT. Should the
     * commands ever travel apart, the query would run with no principal and row-level security would
     * show it nothing.
     */
    public BoundStatement prepareRead(String sql) throws SQLException {
        if (transactions.getTransactionStatus() == Status.STATUS_ACTIVE) {
            return prepare(sql);
        }
        Connection c = separateConnection();
        try {
            if (!c.getAutoCommit()) {
                c.setAutoCommit(true);
            }
            PreparedStatement ps = c.prepareStatement(BIND_PRINCIPAL + "; " + sql);
            ps.setString(1, request.principal().orElse(""));
            return new BoundStatement(c, ps, 1, () -> { });
        } catch (SQLException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    /**
     * One yes-or-no question to the database under the request's principal, such as a permission
     * check: {@code sql} is a query whose first row's first column is a boolean (no row is no), with
     * {@code params} bound in order, sent as {@link #prepare} sends it.
     */
    public boolean ask(String sql, Object... params) throws SQLException {
        try (BoundStatement s = prepare(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.set(i + 1, params[i]);
            }
            if (!s.execute()) {
                throw new SQLException("the question returned no rows: " + sql);
            }
            try (ResultSet rs = s.results()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    /**
     * Whether this transaction's connection does not carry {@code principal} yet; refuses outright
     * without an active transaction, where the setting would die with its own statement.
     */
    private boolean needsBinding(String principal) {
        if (transactions.getTransactionStatus() != Status.STATUS_ACTIVE) {
            throw new IllegalStateException("a principal-bound connection needs an active transaction");
        }
        return !principal.equals(transactions.getResource(PRINCIPAL_SET));
    }

    /**
     * A connection without a principal, for platform tables that RLS does not guard: the current
     * transaction's connection inside one, otherwise an unshared one that returns to the pool when it
     * is closed (class comment).
     */
    public Connection plainConnection() throws SQLException {
        if (transactions.getTransactionStatus() == Status.STATUS_NO_TRANSACTION) {
            return separateConnection();
        }
        return dataSource.getConnection();
    }

    /**
     * A physical connection of its own, never the current transaction's and never shared with
     * another handle: for work that needs one beside another (two readers of one snapshot). It
     * returns to the pool when it is closed. Outside a transaction only: inside one it would not
     * take part in it.
     */
    public Connection separateConnection() throws SQLException {
        return unshared.getConnection();
    }
}
