package sh.velocity.web.http;

import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.ext.Provider;
import sh.velocity.audit.api.AuditTrail;

/**
 * Before an API answer is written, the audit events its transactions queued are linked into their
 * chains ({@link AuditTrail#linkCommitted}): a client that has its 201 finds the event in the
 * chain, verified and exported. Many requests' events are linked in one pass. Response filters run
 * in descending priority, so this one, with the lowest, runs after {@link FailedMutationAudit}.
 */
@Provider
@Priority(1)
public class AuditLinkFilter implements ContainerResponseFilter {

    @Inject
    AuditTrail audit;

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        audit.linkCommitted();
    }
}
