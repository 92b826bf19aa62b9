package sh.velocity.web.console;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.faces.application.FacesMessage;
import jakarta.faces.context.FacesContext;
import jakarta.inject.Inject;
import java.util.function.Supplier;
import java.util.logging.Logger;
import sh.velocity.audit.api.AuditEvent;
import sh.velocity.audit.api.AuditResult;
import sh.velocity.audit.api.AuditTrail;
import sh.velocity.kernel.problem.ErrorCode;
import sh.velocity.kernel.problem.VelocityException;
import sh.velocity.kernel.request.RequestContext;

/**
 * Runs a console action through a module facade and turns its refusal into a message on the page.
 * A refusal the module has not audited itself is audited here on the platform chain, as
 * {@code FailedMutationAudit} does for the REST API ({@code console.<action>}, fail mode the code).
 */
@ApplicationScoped
public class ConsoleMessages {

    private static final Logger LOG = Logger.getLogger(ConsoleMessages.class.getName());

    @Inject
    RequestContext context;

    @Inject
    AuditTrail audit;

    /** The action's result, or null after showing (and, for a mutation, auditing) its refusal. */
    public <T> T attempt(String action, String resource, boolean mutation, Supplier<T> work) {
        try {
            return work.get();
        } catch (VelocityException e) {
            if (mutation && !context.refusalAudited()) {
                ErrorCode code = e.code();
                AuditResult result = code.status() == 401 || code.status() == 403 ? AuditResult.DENIED
                        : AuditResult.FAILURE;
                try {
                    audit.appendIndependently(new AuditEvent(AuditEvent.PLATFORM_CHAIN, "console." + action, resource,
                            result, code.name(), null));
                } catch (RuntimeException auditFailure) {
                    LOG.warning("A failed console action (" + code + ") could not be audited in request "
                            + context.requestId());
                }
            }
            error(e.detail());
            e.errors().forEach(f -> error(f.field() + ": " + f.message()));
            return null;
        }
    }

    public void error(String text) {
        FacesContext.getCurrentInstance().addMessage(null, new FacesMessage(FacesMessage.SEVERITY_ERROR, text, null));
    }

    public void info(String text) {
        FacesContext.getCurrentInstance().addMessage(null, new FacesMessage(FacesMessage.SEVERITY_INFO, text, null));
    }
}
