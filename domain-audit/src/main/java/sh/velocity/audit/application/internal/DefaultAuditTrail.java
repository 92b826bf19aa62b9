package sh.velocity.audit.application.internal;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import java.sql.SQLException;
import sh.velocity.audit.api.AuditEvent;
import sh.velocity.audit.api.AuditTrail;
import sh.velocity.audit.infrastructure.persistence.JdbcAuditLog;
import sh.velocity.kernel.problem.ErrorCode;
import sh.velocity.kernel.problem.VelocityException;
import sh.velocity.kernel.request.RequestContext;

/**
 * Appends events with the request's actor, request id and source IP. A failure to write the audit
 * event fails the caller's action (503 {@code AUDIT_UNAVAILABLE}): nothing is done unaudited.
 */
@ApplicationScoped
public class DefaultAuditTrail implements AuditTrail {

    @Inject
    JdbcAuditLog log;

    @Inject
    RequestContext request;

    @Override
    @Transactional(TxType.MANDATORY)
    public void append(AuditEvent event) {
        write(event);
    }

    @Override
    @Transactional(TxType.REQUIRES_NEW)
    public void appendIndependently(AuditEvent event) {
        write(event);
        if (event.result() != sh.velocity.audit.api.AuditResult.SUCCESS) {
            request.markRefusalAudited();
        }
    }

    private void write(AuditEvent event) {
        try {
            log.insert(event, request.actor(), request.requestId(), request.sourceIp());
        } catch (SQLException e) {
            throw new VelocityException(ErrorCode.AUDIT_UNAVAILABLE,
                    "The audit event could not be written, so the action was not performed.");
        }
    }
}
