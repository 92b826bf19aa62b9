package sh.velocity.audit.api;

/**
 * Appends events to the hash-chained audit log.
 *
 * <p>{@link #append} joins the caller's transaction: the event commits or rolls back with the
 * business change it describes. {@link #appendIndependently} commits on its own, so a denial or a
 * failure stays recorded when the business transaction rolls back.
 */
public interface AuditTrail {

    /** Appends inside the current transaction; there must be one. */
    void append(AuditEvent event);

    /** Appends in a new transaction of its own. */
    void appendIndependently(AuditEvent event);
}
