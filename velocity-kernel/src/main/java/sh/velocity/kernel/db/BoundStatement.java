package sh.velocity.kernel.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * A statement on the current transaction's connection under the request's principal, sent in one
 * round trip ({@link Database#prepare}). When the connection does not carry the principal yet, the
 * binding leads the text; parameters and results are the caller's own all the same: {@link #set}
 * numbers parameters from 1 in the caller's SQL, and {@link #execute} leaves the statement on the
 * result of the caller's first command.
 */
public final class BoundStatement implements AutoCloseable {

    private final Connection connection;
    private final PreparedStatement statement;
    private final int offset;
    private final Runnable bound;

    BoundStatement(Connection connection, PreparedStatement statement, int offset, Runnable bound) {
        this.connection = connection;
        this.statement = statement;
        this.offset = offset;
        this.bound = bound;
    }

    /** Binds the caller's parameter {@code index} (from 1). */
    public void set(int index, Object value) throws SQLException {
        statement.setObject(index + offset, value);
    }

    /** Binds the caller's parameter {@code index} (from 1) to an SQL array of {@code elementType}. */
    public void setArray(int index, String elementType, Object[] elements) throws SQLException {
        statement.setArray(index + offset, connection.createArrayOf(elementType, elements));
    }

    /** Sends the statement; whether the caller's first command returned rows. */
    public boolean execute() throws SQLException {
        boolean rows = statement.execute();
        if (offset > 0) {
            bound.run();
            rows = statement.getMoreResults();
        }
        return rows;
    }

    /** Moves to the result of the caller's next command; whether it returned rows. */
    public boolean nextResult() throws SQLException {
        return statement.getMoreResults();
    }

    /** The rows of the current command. */
    public ResultSet results() throws SQLException {
        return statement.getResultSet();
    }

    @Override
    public void close() throws SQLException {
        try {
            statement.close();
        } finally {
            connection.close();
        }
    }
}
