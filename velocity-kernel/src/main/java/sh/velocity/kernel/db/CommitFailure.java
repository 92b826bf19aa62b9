package sh.velocity.kernel.db;

import jakarta.transaction.HeuristicMixedException;
import jakarta.transaction.HeuristicRollbackException;
import jakarta.transaction.RollbackException;
import sh.velocity.kernel.problem.ErrorCode;
import sh.velocity.kernel.problem.VelocityException;

/**
 * Recognises a transaction that failed at COMMIT. A commit refused by the database (a lost
 * connection, a deferred check) rolls the change back together with the audit events it queued, so
 * the change could not be audited: 503 {@code AUDIT_UNAVAILABLE}, like an audit write that fails
 * earlier in the transaction. (Until audit V7 the chain itself was sealed at commit; now events are
 * linked after it, ADR 0017.)
 */
public final class CommitFailure {

    private CommitFailure() {
    }

    /** The failure as a {@link VelocityException}, or null if {@code e} is not a failed commit. */
    public static VelocityException recognise(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof RollbackException || t instanceof HeuristicRollbackException) {
                return new VelocityException(ErrorCode.AUDIT_UNAVAILABLE,
                        "The change could not be committed with its audit event, so nothing was written.");
            }
            if (t instanceof HeuristicMixedException) {
                return new VelocityException(ErrorCode.AUDIT_UNAVAILABLE,
                        "The database could not confirm the commit of the change and its audit event.");
            }
        }
        return null;
    }
}
