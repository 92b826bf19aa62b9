package sh.velocity.audit.application.internal;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.sql.SQLException;
import java.util.List;
import sh.velocity.audit.api.AuditEventView;
import sh.velocity.audit.api.AuditQueries;
import sh.velocity.audit.api.AuditVerifier;
import sh.velocity.audit.api.ChainVerification;
import sh.velocity.audit.domain.ChainVerifier;
import sh.velocity.audit.infrastructure.persistence.JdbcAuditLog;
import sh.velocity.kernel.problem.ErrorCode;
import sh.velocity.kernel.problem.VelocityException;

/** Verifies a chain by streaming it once, in one read transaction (a consistent snapshot). */
@ApplicationScoped
public class DefaultAuditVerifier implements AuditVerifier, AuditQueries {

    @Inject
    JdbcAuditLog log;

    @Override
    @Transactional
    public ChainVerification verify(String chain) {
        ChainVerifier verifier = new ChainVerifier(chain);
        try {
            JdbcAuditLog.Head head = log.stream(chain, verifier::accept);
            verifier.finish(head.seq(), head.hash());
        } catch (SQLException e) {
            throw new VelocityException(ErrorCode.AUDIT_UNAVAILABLE, "The audit log could not be read.");
        }
        return verifier.result();
    }

    @Override
    @Transactional
    public List<AuditEventView> events(String chain, Long before, int limit) {
        try {
            return log.page(chain, before, limit);
        } catch (SQLException e) {
            throw new VelocityException(ErrorCode.AUDIT_UNAVAILABLE, "The audit log could not be read.");
        }
    }
}
