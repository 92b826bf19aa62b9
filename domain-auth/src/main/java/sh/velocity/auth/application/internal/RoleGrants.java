package sh.velocity.auth.application.internal;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.util.List;
import sh.velocity.auth.api.Authorizer;
import sh.velocity.auth.api.RoleBindingView;
import sh.velocity.auth.infrastructure.persistence.JdbcRoleBindings;
import sh.velocity.kernel.problem.ErrorCode;
import sh.velocity.kernel.problem.FieldError;
import sh.velocity.kernel.problem.VelocityException;
import sh.velocity.kernel.request.RequestContext;

/**
 * The no-escalation rule shared by key creation and role bindings: a caller may grant a role on a
 * scope only when it already holds every verb of that role there.
 */
@ApplicationScoped
public class RoleGrants {

    @Inject
    JdbcRoleBindings bindings;

    @Inject
    Authorizer authorizer;

    @Inject
    RequestContext request;

    public void requireGrantable(String role, String scope) {
        for (String verb : verbsOf(role)) {
            if (!authorizer.has(verb, scope)) {
                throw new VelocityException(ErrorCode.FORBIDDEN, "You cannot grant role '" + role + "' on " + scope
                        + ": you do not hold its '" + verb + "' permission there.");
            }
        }
    }

    RoleBindingView bind(String principal, String role, String scope) {
        try {
            return bindings.insert(principal, role, scope, request.actor());
        } catch (SQLException e) {
            throw new VelocityException(ErrorCode.INTERNAL_ERROR, "The role binding could not be stored.");
        }
    }

    private List<String> verbsOf(String role) {
        try {
            return bindings.verbsOf(role).orElseThrow(() -> new VelocityException(ErrorCode.VALIDATION_FAILED,
                    "Unknown role '" + role + "'.", List.of(new FieldError("role",
                    "one of platform-admin, schema-admin, reviewer, writer, reader, auditor"))));
        } catch (SQLException e) {
            throw new VelocityException(ErrorCode.INTERNAL_ERROR, "The role could not be read.");
        }
    }
}
