package sh.velocity.web.health;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;
import sh.velocity.audit.api.AuditMonitor;
import sh.velocity.audit.api.ChainVerification;

/**
 * DOWN while the last periodic verification found a tampered audit chain, or while queued audit
 * events cannot be linked into their chains (link passes failing for 30 s): fail closed, the replica
 * leaves the load balancer until an operator has looked (the chains and first bad events, or why
 * linking fails, are in the check's data and the log).
 */
@Readiness
@ApplicationScoped
public class AuditChainReadiness implements HealthCheck {

    @Inject
    AuditMonitor monitor;

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder b = HealthCheckResponse.named("audit-chains");
        var tampered = monitor.tamperedChains();
        for (ChainVerification v : tampered) {
            b.withData(v.chain(), "first bad event " + v.firstBadEvent() + ": " + v.reason());
        }
        var stalled = monitor.linkingStalled();
        stalled.ifPresent(why -> b.withData("linking", why));
        return b.status(tampered.isEmpty() && stalled.isEmpty()).build();
    }
}
