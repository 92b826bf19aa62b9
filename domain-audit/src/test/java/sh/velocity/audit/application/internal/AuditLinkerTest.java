package sh.velocity.audit.application.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import sh.velocity.audit.infrastructure.persistence.JdbcAuditLog;

/**
 * How a pass drains the queue and what a failing one leaves for the readiness check. The database
 * is replaced by a queue of answers to {@code platform.audit_link}; the SQL itself is exercised by
 * every audit IT (each create's event is linked before its answer).
 */
class AuditLinkerTest {

    /** Answers each link call with the next count, or fails with the given SQL state. */
    private static final class Queue extends JdbcAuditLog {
        final List<Object> answers = new ArrayList<>();
        int calls;

        @Override
        public int link(int limit) throws SQLException {
            calls++;
            Object next = answers.isEmpty() ? 0 : answers.remove(0);
            if (next instanceof String state) {
                throw new SQLException("refused", state);
            }
            return (Integer) next;
        }
    }

    private final Queue queue = new Queue();
    private final AuditLinker linker = new AuditLinker();

    AuditLinkerTest() {
        linker.log = queue;
        linker.spacing = Duration.ZERO;
        linker.start();
    }

    @Test
    void aPassLinksBatchesUntilOneComesBackShort() {
        queue.answers.addAll(List.of(AuditLinker.BATCH, AuditLinker.BATCH, 17));
        linker.linkQueued();
        assertEquals(3, queue.calls);
        assertTrue(linker.failingFor(Duration.ZERO).isEmpty());
    }

    @Test
    void failingPassesAreReportedWithTheirReasonUntilOneSucceeds() {
        queue.answers.add("23505");
        linker.linkQueued();
        assertTrue(linker.failingFor(Duration.ofMinutes(1)).isEmpty(), "not yet for a minute");
        String why = linker.failingFor(Duration.ZERO).orElseThrow();
        assertTrue(why.contains("SQLState 23505") && why.contains("stay queued"), why);

        queue.answers.add("08006");
        linker.linkQueued();
        assertTrue(linker.failingFor(Duration.ZERO).orElseThrow().contains("SQLState 08006"), "the latest reason");

        queue.answers.add(3);
        linker.linkQueued();
        assertTrue(linker.failingFor(Duration.ZERO).isEmpty());
    }

    @Test
    void aNegativeSpacingIsTakenAsNoneAndPassesStillRun() {
        AuditLinker configured = new AuditLinker();
        configured.log = queue;
        configured.spacing = Duration.ofMillis(-5);
        configured.start();
        assertEquals(Duration.ZERO, configured.spacing);
        queue.answers.add(2);
        configured.linkQueued();
        assertEquals(1, queue.calls);
    }
}
