package sh.velocity.kernel.db;

import static org.junit.jupiter.api.Assertions.assertSame;

import jakarta.transaction.Status;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.lang.reflect.Field;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * Which of the pool's two views {@link Database#plainConnection()} and
 * {@link Database#separateConnection()} hand out. Outside a transaction
 * it must be the unshared one: a shareable connection used there stays bound to the request until
 * the request ends, and a request that then opens a transaction holds two connections at once (the
 * pool ran dry under load with 503s for every request). Inside a transaction it must be the
 * shareable one, the transaction's own connection. The container's behaviour itself is exercised by
 * every integration test; this pins the choice.
 */
class DatabaseConnectionsTest {

    private final Connection sharedConnection = connection();
    private final Connection unsharedConnection = connection();
    private int status;
    private final Database database = new Database();

    DatabaseConnectionsTest() throws Exception {
        set("dataSource", dataSource(sharedConnection));
        set("unshared", dataSource(unsharedConnection));
        set("transactions", Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {TransactionSynchronizationRegistry.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getTransactionStatus")) {
                        return status;
                    }
                    throw new UnsupportedOperationException(method.getName());
                }));
    }

    @Test
    void outsideATransactionTheConnectionIsUnsharedSoClosingItReturnsItToThePool() throws Exception {
        status = Status.STATUS_NO_TRANSACTION;
        assertSame(unsharedConnection, database.plainConnection());
    }

    @Test
    void insideATransactionItIsTheTransactionsSharedConnection() throws Exception {
        for (int s : new int[] {Status.STATUS_ACTIVE, Status.STATUS_MARKED_ROLLBACK}) {
            status = s;
            assertSame(sharedConnection, database.plainConnection(), "status " + s);
        }
    }

    @Test
    void aSeparateConnectionIsAlwaysUnshared() throws Exception {
        for (int s : new int[] {Status.STATUS_NO_TRANSACTION, Status.STATUS_ACTIVE}) {
            status = s;
            assertSame(unsharedConnection, database.separateConnection(), "status " + s);
        }
    }

    private void set(String field, Object value) throws Exception {
        Field f = Database.class.getDeclaredField(field);
        f.setAccessible(true);
        f.set(database, value);
    }

    private static Connection connection() {
        return (Connection) Proxy.newProxyInstance(DatabaseConnectionsTest.class.getClassLoader(),
                new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                    if (method.getName().equals("toString")) {
                        return "test connection " + System.identityHashCode(proxy);
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    private static DataSource dataSource(Connection handedOut) {
        return (DataSource) Proxy.newProxyInstance(DatabaseConnectionsTest.class.getClassLoader(),
                new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getConnection") && (args == null || args.length == 0)) {
                        return handedOut;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }
}
