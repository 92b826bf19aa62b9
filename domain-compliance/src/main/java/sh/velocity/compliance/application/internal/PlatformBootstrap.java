package sh.velocity.compliance.application.internal;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import jakarta.inject.Inject;
import java.util.logging.Level;
import java.util.logging.Logger;
import sh.velocity.auth.api.BootstrapCredentials;
import sh.velocity.kernel.request.RequestContext;

/**
 * Runs the first-start work once the role is known to be sound, in a request context of its own
 * whose actor is {@code system:bootstrap} (so its audit events say who did it).
 */
@ApplicationScoped
public class PlatformBootstrap {

    private static final Logger LOG = Logger.getLogger(PlatformBootstrap.class.getName());

    @Inject
    BootstrapCredentials credentials;

    @Inject
    RequestContext request;

    /** True when done (or nothing was left to do). */
    @ActivateRequestContext
    public boolean run() {
        try {
            request.begin("bootstrap", "local");
            request.authenticate("system:bootstrap");
            credentials.ensureIssued();
            return true;
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "Bootstrap credentials could not be issued: {0}", e.getMessage());
            return false;
        }
    }
}
