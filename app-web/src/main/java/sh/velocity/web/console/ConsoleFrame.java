package sh.velocity.web.console;

import jakarta.enterprise.context.RequestScoped;
import jakarta.faces.context.ExternalContext;
import jakarta.faces.context.FacesContext;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.servlet.http.HttpSession;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import sh.velocity.audit.api.AuditMonitor;
import sh.velocity.audit.api.ChainVerification;
import sh.velocity.auth.api.Authorizer;
import sh.velocity.auth.api.Sessions;
import sh.velocity.auth.api.Verb;
import sh.velocity.kernel.problem.VelocityException;
import sh.velocity.kernel.request.RequestContext;

/**
 * What the console template needs on every page: who is signed in, which platform permissions
 * they hold (navigation and admin actions are shown only with them; the facades check again),
 * the tampering banner, and sign-out.
 */
@Named("console")
@RequestScoped
public class ConsoleFrame {

    @Inject
    RequestContext context;

    @Inject
    Authorizer authorizer;

    @Inject
    AuditMonitor monitor;

    @Inject
    Sessions sessions;

    private final Map<String, Boolean> platformVerbs = new HashMap<>();

    public boolean isSignedIn() {
        return context.principal().isPresent();
    }

    public String getPrincipal() {
        return context.principal().orElse("");
    }

    /** Whether the signed-in principal holds {@code verb} on {@code *} (remembered for the request). */
    public boolean can(String verb) {
        if (!isSignedIn()) {
            return false;
        }
        return platformVerbs.computeIfAbsent(verb, v -> authorizer.has(v, Verb.PLATFORM_SCOPE));
    }

    /** Chains whose last verification (periodic, or "verify all" from the audit page) failed. */
    public List<ChainVerification> getTamperedChains() {
        return isSignedIn() ? monitor.tamperedChains() : List.of();
    }

    /** Ends the login (its token family, everywhere) and the HTTP session. */
    public String signOut() {
        ExternalContext external = FacesContext.getCurrentInstance().getExternalContext();
        HttpSession session = (HttpSession) external.getSession(false);
        if (session != null) {
            Object signIn = session.getAttribute(ConsoleSignIn.ATTRIBUTE);
            if (signIn instanceof ConsoleSignIn s) {
                try {
                    sessions.logout(s.accessToken());
                } catch (VelocityException alreadyEnded) {
                    // the login ended elsewhere; the console session ends all the same
                }
            }
            session.invalidate();
        }
        return "/console/login.xhtml?faces-redirect=true";
    }
}
