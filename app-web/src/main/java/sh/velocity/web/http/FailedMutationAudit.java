package sh.velocity.web.http;

import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.ext.Provider;
import java.util.Locale;
import java.util.Set;
import java.util.logging.Logger;
import sh.velocity.audit.api.AuditEvent;
import sh.velocity.audit.api.AuditResult;
import sh.velocity.audit.api.AuditTrail;
import sh.velocity.kernel.request.RequestContext;

/**
 * Every refused or failed mutation is audited, in a transaction of its own: modules audit their own
 * denials and failures where they know more (the schema chain of a record write); whatever reaches
 * the response without having been audited (an invalid manifest, a key request that fails
 * validation, a grant refused for escalation) is written here to the platform chain, with the
 * problem's code as fail mode.
 */
@Provider
public class FailedMutationAudit implements ContainerResponseFilter {

    private static final Logger LOG = Logger.getLogger(FailedMutationAudit.class.getName());
    private static final Set<String> MUTATIONS = Set.of("POST", "PUT", "PATCH", "DELETE");

    @Inject
    RequestContext context;

    @Inject
    AuditTrail audit;

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        int status = response.getStatus();
        if (status < 400 || !MUTATIONS.contains(request.getMethod()) || context.refusalAudited()) {
            return;
        }
        String code = response.getEntity() instanceof JsonObject problem ? problem.getString("code", null) : null;
        String failMode = code != null ? code : "HTTP_" + status;
        AuditResult result = status == 401 || status == 403 ? AuditResult.DENIED : AuditResult.FAILURE;
        String operation = "http." + request.getMethod().toLowerCase(Locale.ROOT);
        try {
            audit.appendIndependently(new AuditEvent(AuditEvent.PLATFORM_CHAIN, operation,
                    request.getUriInfo().getRequestUri().getPath(), result, failMode, null));
        } catch (RuntimeException e) {
            LOG.warning("A failed " + request.getMethod() + " (" + failMode + ") could not be audited in request "
                    + context.requestId());
        }
    }
}
