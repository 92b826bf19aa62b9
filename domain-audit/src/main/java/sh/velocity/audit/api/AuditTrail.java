package sh.velocity.audit.api;

/**
 * Appends events to the hash-chained audit log.
 *
 * <p>{@link #append} joins the caller's transaction: the event commits or rolls back with the
 * business change it describes: it is queued, and linked into its chain once that transaction
 * has committed. {@link #appendIndependently} commits on its own, so a denial or a
 * failure stays recorded when the business transaction rolls back.
 */
public interface AuditTrail {

    /** Appends inside the current transaction; there must be one. */
    void append(AuditEvent event);

    /** Appends in a new transaction of its own. */
    void appendIndependently(AuditEvent event);

    /**
     * Returns once the events that this thread's committed transactions queued are linked into
     * their chains; at once when it queued none. Events are linked after their transaction
     * commits, a batch at a time (docs/adr/0017-audit-events-linked-after-commit.md): a request
     * calls this before it answers, so its client finds its events in the chain. Call it outside
     * any transaction.
     */
    void linkCommitted();
}
