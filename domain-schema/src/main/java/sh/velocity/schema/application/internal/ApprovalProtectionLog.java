package sh.velocity.schema.application.internal;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import jakarta.inject.Inject;
import jakarta.json.JsonObjectBuilder;
import jakarta.transaction.Transactional;
import java.sql.SQLException;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import sh.velocity.audit.api.AuditEvent;
import sh.velocity.audit.api.AuditTrail;
import sh.velocity.kernel.json.Jsonp;
import sh.velocity.kernel.request.RequestContext;
import sh.velocity.schema.infrastructure.persistence.JdbcSchemaChanges;

/**
 * Audits changes of the approval chain's protection, which is server configuration: at start-up the
 * server compares its setting with the one the last server recorded and, when they differ, records
 * its own and appends {@code schema-change.protection} with both to the platform chain, in one
 * transaction (the row is locked, so replicas starting together write one event). The actor is
 * {@code system:approvals}; the event's source is the starting server.
 */
@ApplicationScoped
public class ApprovalProtectionLog {

    private static final Logger LOG = Logger.getLogger(ApprovalProtectionLog.class.getName());
    static final String ACTOR = "system:approvals";

    @Inject
    RequestContext request;

    @Inject
    Recorder recorder;

    /** Records {@code namespaces} (the setting as described); a failure is logged, never thrown. */
    @ActivateRequestContext
    public void started(String namespaces) {
        try {
            request.begin("startup", "local");
            request.authenticate(ACTOR);
            recorder.record(namespaces);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "The approval chain's protection could not be compared with the recorded one "
                    + "(its change, if any, is not audited by this start): {0}", e.getMessage());
        }
    }

    /** The transaction: read and lock the recorded setting, write and audit a change. */
    @ApplicationScoped
    public static class Recorder {

        @Inject
        JdbcSchemaChanges store;

        @Inject
        AuditTrail audit;

        @Transactional
        public void record(String namespaces) {
            try {
                Optional<String> before = store.lockProtection();
                if (before.isPresent() && before.get().equals(namespaces)) {
                    return;
                }
                store.recordProtection(namespaces, ACTOR, before.isPresent());
                if (before.isEmpty() && namespaces.isEmpty()) {
                    return; // a new database without protection: nothing changed
                }
                JsonObjectBuilder payload = Jsonp.createObjectBuilder().add("after", namespaces);
                if (before.isPresent()) {
                    payload.add("before", before.get());
                } else {
                    payload.addNull("before");
                }
                audit.append(AuditEvent.success(AuditEvent.PLATFORM_CHAIN, "schema-change.protection",
                        "approvals/protected-namespaces", payload.build()));
                LOG.info("Approval chain protection changed from [" + before.orElse("(none recorded)") + "] to ["
                        + namespaces + "]; audited on the platform chain.");
            } catch (SQLException e) {
                throw new IllegalStateException("platform.approval_protection could not be read or written: "
                        + e.getSQLState());
            }
        }
    }
}
