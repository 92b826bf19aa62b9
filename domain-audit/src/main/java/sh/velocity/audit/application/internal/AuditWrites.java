package sh.velocity.audit.application.internal;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import java.sql.SQLException;
import sh.velocity.audit.api.AuditEvent;
import sh.velocity.audit.infrastructure.persistence.JdbcAuditLog;
import sh.velocity.kernel.problem.ErrorCode;
import sh.velocity.kernel.problem.VelocityException;
import sh.velocity.kernel.request.RequestContext;

/**
 * Queues one event with the request's actor, request id and source IP, in the caller's transaction
 * or in one of its own, and tells the {@link AuditLinker} so that the thread links it once it has
 * committed. A failure to queue the event fails the caller's action (503 {@code AUDIT_UNAVAILABLE}):
 * nothing is done unaudited.
 */
@ApplicationScoped
public class AuditWrites {

    @Inject
    JdbcAuditLog log;

    @Inject
    RequestContext request;

    @Inject
    AuditLinker linker;

    @Transactional(TxType.MANDATORY)
    public void inCurrentTransaction(AuditEvent event) {
        write(event);
    }

    @Transactional(TxType.REQUIRES_NEW)
    public void inOwnTransaction(AuditEvent event) {
        write(event);
    }

    private void write(AuditEvent event) {
        try {
            log.insert(event, request.actor(), request.requestId(), request.sourceIp());
        } catch (SQLException e) {
            throw new VelocityException(ErrorCode.AUDIT_UNAVAILABLE,
                    "The audit event could not be written, so the action was not performed.");
        }
        linker.queued();
    }
}
