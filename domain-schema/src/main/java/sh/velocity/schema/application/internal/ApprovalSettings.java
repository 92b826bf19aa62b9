package sh.velocity.schema.application.internal;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import sh.velocity.schema.domain.approval.ProtectedNamespaces;

/**
 * Which namespaces need the approval chain: {@code velocity.approvals.protected-namespaces}
 * (environment {@code VELOCITY_APPROVALS_PROTECTED_NAMESPACES}), a list of namespaces or {@code *}.
 * Server configuration on purpose: no API call, header or role can switch protection off; only a
 * change to the deployment's configuration and a restart can; the server logs what it protects
 * when it starts, and audits a change against the setting the last server recorded
 * ({@link ApprovalProtectionLog}). A setting it cannot read protects every namespace.
 */
@ApplicationScoped
public class ApprovalSettings {

    private static final Logger LOG = Logger.getLogger(ApprovalSettings.class.getName());

    /** Where protected changes go, as the refusals say it. */
    static final String SUBMIT_ROUTE = "POST /api/v1/schema-changes";

    @Inject
    @ConfigProperty(name = "velocity.approvals.protected-namespaces")
    Optional<String> setting;

    private ProtectedNamespaces protectedNamespaces;

    @PostConstruct
    void read() {
        protectedNamespaces = ProtectedNamespaces.parse(setting.orElse(""));
        protectedNamespaces.problem().ifPresent(p -> LOG.severe("velocity.approvals.protected-namespaces does not "
                + "parse (" + p + "): every namespace needs the approval chain until it is fixed."));
    }

    @Inject
    ApprovalProtectionLog protectionLog;

    void announce(@Observes Startup startup) {
        String protectedSet = protectedNamespaces.describe();
        protectionLog.started(protectedSet);
        LOG.info(protectedSet.isEmpty() ? "Approval chain: no protected namespaces."
                : "Approval chain: schema changes in namespaces [" + protectedSet + "] need author, reviewer and "
                + "admin; POST /api/v1/schemas refuses them.");
    }

    public boolean protects(String namespace) {
        return protectedNamespaces.covers(namespace);
    }

    /** The refusal of a direct apply to a protected namespace, naming the route to use instead. */
    static String approvalRequired(String namespace) {
        return "Namespace '" + namespace + "' is protected: its schema changes need the approval chain. Submit the "
                + "manifest to " + SUBMIT_ROUTE + " (velocity change submit -f FILE); a reviewer approves it and an "
                + "admin applies it, three different principals.";
    }
}
