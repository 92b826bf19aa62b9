package sh.velocity.kernel.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import jakarta.transaction.RollbackException;
import jakarta.transaction.TransactionalException;
import org.junit.jupiter.api.Test;
import sh.velocity.kernel.problem.ErrorCode;

class CommitFailureTest {

    @Test
    void aRolledBackCommitWrappedByTheInterceptorIsAnAuditFailure() {
        RuntimeException wrapped = new TransactionalException("commit failed", new RollbackException("seal failed"));
        assertEquals(ErrorCode.AUDIT_UNAVAILABLE, CommitFailure.recognise(wrapped).code());
    }

    @Test
    void anythingElseIsNotRecognised() {
        assertNull(CommitFailure.recognise(new IllegalStateException("x", new RuntimeException())));
        assertNull(CommitFailure.recognise(null));
    }
}
