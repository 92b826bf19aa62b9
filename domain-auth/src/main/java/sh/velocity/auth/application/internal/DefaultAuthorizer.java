package sh.velocity.auth.application.internal;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.sql.SQLException;
import sh.velocity.audit.api.AuditEvent;
import sh.velocity.audit.api.AuditTrail;
import sh.velocity.auth.api.Authorizer;
import sh.velocity.auth.infrastructure.persistence.JdbcRoleBindings;
import sh.velocity.kernel.problem.ErrorCode;
import sh.velocity.kernel.problem.VelocityException;
import sh.velocity.kernel.request.RequestContext;

/**
 * Authorization through {@code platform.has_permission}; denials are audited independently. The
 * check joins the caller's transaction or starts one, because the principal it checks is bound
 * to the transaction.
 */
@ApplicationScoped
@Transactional
public class DefaultAuthorizer implements Authorizer {

    @Inject
    JdbcRoleBindings bindings;

    @Inject
    AuditTrail audit;

    @Inject
    RequestContext request;

    @Override
    public boolean has(String verb, String scope) {
        if (request.principal().isEmpty()) {
            return false;
        }
        try {
            return bindings.hasPermission(scope, verb);
        } catch (SQLException e) {
            throw new VelocityException(ErrorCode.INTERNAL_ERROR, "The permission check could not be made.");
        }
    }

    @Override
    public void require(String verb, String scope, String auditChain, String operation) {
        if (!has(verb, scope)) {
            audit.appendIndependently(AuditEvent.denied(auditChain, operation, scope, "missing permission " + verb));
            throw new VelocityException(ErrorCode.FORBIDDEN,
                    "You do not have the '" + verb + "' permission on " + scope + ".");
        }
    }
}
