package sh.velocity.audit.application.internal;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import sh.velocity.audit.api.AuditEvent;
import sh.velocity.audit.api.AuditResult;
import sh.velocity.audit.api.AuditTrail;
import sh.velocity.kernel.request.RequestContext;

/**
 * Appends events with the request's actor, request id and source IP ({@link AuditWrites}). An
 * event appended on its own is linked into its chain before {@link #appendIndependently} returns;
 * events of the caller's transaction are linked by {@link #linkCommitted} once it has committed.
 */
@ApplicationScoped
public class DefaultAuditTrail implements AuditTrail {

    @Inject
    AuditWrites writes;

    @Inject
    AuditLinker linker;

    @Inject
    RequestContext request;

    @Override
    public void append(AuditEvent event) {
        writes.inCurrentTransaction(event);
    }

    @Override
    public void appendIndependently(AuditEvent event) {
        writes.inOwnTransaction(event);
        if (event.result() != AuditResult.SUCCESS) {
            request.markRefusalAudited();
        }
        linkCommitted();
    }

    @Override
    public void linkCommitted() {
        if (linker.takeOwed()) {
            linker.linkQueued();
        }
    }
}
