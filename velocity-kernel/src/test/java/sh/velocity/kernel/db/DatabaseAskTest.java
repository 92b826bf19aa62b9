package sh.velocity.kernel.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.transaction.Status;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.lang.reflect.Field;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import sh.velocity.kernel.request.RequestContext;

/**
 * {@link Database#ask}: the principal's binding rides ahead of the transaction's first question in
 * one statement text (one round trip), later questions go alone, and the answer is the second
 * statement's, not the binding's. That PostgreSQL's driver sends such a text as two statements with
 * one Sync, the second seeing the first's setting, is exercised by every integration test that
 * writes (a write's first statement is its permission check).
 */
class DatabaseAskTest {

    private static final String QUESTION = "SELECT platform.has_permission(?, ?)";

    private final Database database = new Database();
    private final Map<Object, Object> registry = new HashMap<>();
    private final List<String> sent = new ArrayList<>();
    private final List<Map<Integer, Object>> bound = new ArrayList<>();
    private int status = Status.STATUS_ACTIVE;
    private boolean answer = true;

    DatabaseAskTest() throws Exception {
        RequestContext request = new RequestContext();
        request.begin("req-1", "127.0.0.1");
        request.authenticate("alice");
        set("request", request);
        set("dataSource", proxy(DataSource.class, (method, args) -> method.equals("getConnection") ? connection() : null));
        set("transactions", proxy(TransactionSynchronizationRegistry.class, (method, args) -> switch (method) {
            case "getTransactionStatus" -> status;
            case "getResource" -> registry.get(args[0]);
            case "putResource" -> registry.put(args[0], args[1]);
            default -> throw new UnsupportedOperationException(method);
        }));
    }

    @Test
    void theFirstQuestionOfATransactionCarriesTheBindingAndLaterOnesGoAlone() throws Exception {
        assertTrue(database.ask(QUESTION, "acme/x/v1", "record.create"));
        assertEquals("SELECT set_config('velocity.principal', ?, true); " + QUESTION, sent.get(0));
        assertEquals(Map.of(1, "alice", 2, "acme/x/v1", 3, "record.create"), bound.get(0));

        answer = false;
        assertFalse(database.ask(QUESTION, "acme/x/v1", "record.delete"));
        assertEquals(QUESTION, sent.get(1), "the principal is bound already");
        assertEquals(Map.of(1, "acme/x/v1", 2, "record.delete"), bound.get(1));
    }

    @Test
    void withoutAnActiveTransactionNothingIsAsked() {
        status = Status.STATUS_NO_TRANSACTION;
        assertThrows(IllegalStateException.class, () -> database.ask(QUESTION, "acme/x/v1", "record.create"));
        assertEquals(List.of(), sent);
    }

    private Connection connection() {
        return proxy(Connection.class, (method, args) -> switch (method) {
            case "prepareStatement" -> statement((String) args[0]);
            case "close" -> null;
            default -> throw new UnsupportedOperationException(method);
        });
    }

    /** A statement whose results are the binding's row (when it was sent) and then the answer. */
    private PreparedStatement statement(String sql) {
        sent.add(sql);
        Map<Integer, Object> params = new HashMap<>();
        bound.add(params);
        boolean[] onAnswer = {!sql.startsWith("SELECT set_config")};
        return proxy(PreparedStatement.class, (method, args) -> switch (method) {
            case "setString", "setObject" -> params.put((Integer) args[0], args[1]);
            case "execute" -> true;
            case "getMoreResults" -> {
                onAnswer[0] = true;
                yield true;
            }
            case "getResultSet" -> {
                if (!onAnswer[0]) {
                    throw new AssertionError("read the binding's result as the answer");
                }
                yield resultSet(answer);
            }
            case "close" -> null;
            default -> throw new UnsupportedOperationException(method);
        });
    }

    private static ResultSet resultSet(boolean value) {
        boolean[] read = {false};
        return proxy(ResultSet.class, (method, args) -> switch (method) {
            case "next" -> {
                boolean first = !read[0];
                read[0] = true;
                yield first;
            }
            case "getBoolean" -> value;
            case "close" -> null;
            default -> throw new UnsupportedOperationException(method);
        });
    }

    private interface Handler {
        Object handle(String method, Object[] args) throws Exception;
    }

    @SuppressWarnings("unchecked")
    private static <T> T proxy(Class<T> type, Handler handler) {
        return (T) Proxy.newProxyInstance(DatabaseAskTest.class.getClassLoader(), new Class<?>[] {type},
                (p, method, args) -> method.getName().equals("toString") ? type.getSimpleName()
                        : handler.handle(method.getName(), args));
    }

    private void set(String field, Object value) throws Exception {
        Field f = Database.class.getDeclaredField(field);
        f.setAccessible(true);
        f.set(database, value);
    }
}
