package sh.velocity.audit.application.internal;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;
import org.eclipse.microprofile.metrics.annotation.Gauge;
import sh.velocity.audit.api.AuditMonitor;
import sh.velocity.audit.api.AuditVerifier;
import sh.velocity.audit.api.ChainVerification;
import sh.velocity.audit.infrastructure.persistence.JdbcCheckpoints;

/**
 * Re-verifies every chain (against its last signed checkpoint too) and remembers which failed. The
 * count is the gauge {@code velocity_audit_tampering_detected}; the readiness check
 * {@code audit-chains} is DOWN while it is above zero, and each failing chain is logged at SEVERE
 * with the first bad event, once per run.
 */
@ApplicationScoped
public class DefaultAuditMonitor implements AuditMonitor {

    private static final Logger LOG = Logger.getLogger(DefaultAuditMonitor.class.getName());

    @Inject
    AuditVerifier verifier;

    @Inject
    JdbcCheckpoints checkpoints;

    private volatile List<ChainVerification> tampered = List.of();

    @Override
    public List<ChainVerification> tamperedChains() {
        return tampered;
    }

    @Gauge(name = "velocity_audit_tampering_detected", absolute = true, unit = "none",
            description = "Audit chains whose last verification found tampering (0 when every chain verifies).")
    public long tamperingDetected() {
        return tampered.size();
    }

    @Override
    public List<ChainVerification> verifyAll() {
        List<String> chains = new ArrayList<>();
        try {
            checkpoints.chains(chains::add);
        } catch (SQLException e) {
            LOG.warning("The audit chains could not be listed for verification (SQLState " + e.getSQLState() + ")");
            return tampered;
        }
        List<ChainVerification> failed = new ArrayList<>();
        for (String chain : chains) {
            ChainVerification result = verifier.verify(chain);
            if (!result.valid()) {
                failed.add(result);
                LOG.severe("Audit chain " + chain + " is invalid: " + result.reason() + " (first bad event "
                        + result.firstBadEvent() + ", " + result.tampered() + " problem(s))");
            }
        }
        tampered = List.copyOf(failed);
        return tampered;
    }
}
