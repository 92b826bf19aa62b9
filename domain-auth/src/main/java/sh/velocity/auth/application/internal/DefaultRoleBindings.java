package sh.velocity.auth.application.internal;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;
import sh.velocity.audit.api.AuditEvent;
import sh.velocity.audit.api.AuditTrail;
import sh.velocity.auth.api.Authorizer;
import sh.velocity.auth.api.RoleBindingView;
import sh.velocity.auth.api.RoleBindings;
import sh.velocity.auth.api.Verb;
import sh.velocity.auth.domain.PrincipalName;
import sh.velocity.auth.infrastructure.persistence.JdbcRoleBindings;
import sh.velocity.kernel.json.Jsonp;
import sh.velocity.kernel.problem.ErrorCode;
import sh.velocity.kernel.problem.FieldError;
import sh.velocity.kernel.problem.VelocityException;

/**
 * Grants and withdraws roles on path prefixes. Granting needs {@code rolebinding.manage} on the
 * prefix and every verb of the role there (no escalation); every change is audited.
 */
@ApplicationScoped
public class DefaultRoleBindings implements RoleBindings {

    private static final String PREFIX =
            "\\*|[a-z][a-z0-9-]{0,62}(/[a-z][a-z0-9-]{0,62}){0,3}(/v[1-9][0-9]{0,5})?";

    @Inject
    JdbcRoleBindings bindings;

    @Inject
    RoleGrants grants;

    @Inject
    Authorizer authorizer;

    @Inject
    AuditTrail audit;

    @Override
    @Transactional
    public RoleBindingView create(String principal, String role, String pathPrefix) {
        List<FieldError> errors = new java.util.ArrayList<>();
        PrincipalName.problem(principal).ifPresent(p -> errors.add(new FieldError("principal", p)));
        if (pathPrefix == null || !pathPrefix.matches(PREFIX)) {
            errors.add(new FieldError("schemaPrefix", "'*' or 1 to 5 schema path segments, e.g. acme/supply-chain"));
        }
        if (role == null || role.isBlank()) {
            errors.add(new FieldError("role", "is required"));
        }
        if (!errors.isEmpty()) {
            throw new VelocityException(ErrorCode.VALIDATION_FAILED, "The role binding is invalid.", errors);
        }
        authorizer.require(Verb.ROLEBINDING_MANAGE, pathPrefix, AuditEvent.PLATFORM_CHAIN, "rolebinding.create");
        grants.requireGrantable(role, pathPrefix);
        RoleBindingView view = grants.bind(principal, role, pathPrefix);
        audit.append(AuditEvent.success(AuditEvent.PLATFORM_CHAIN, "rolebinding.create", "rolebinding/" + view.id(),
                Jsonp.createObjectBuilder().add("principal", principal).add("role", role)
                        .add("schemaPrefix", pathPrefix).build()));
        return view;
    }

    @Override
    @Transactional
    public List<RoleBindingView> list() {
        authorizer.require(Verb.ROLEBINDING_MANAGE, Verb.PLATFORM_SCOPE, AuditEvent.PLATFORM_CHAIN, "rolebinding.list");
        try {
            return bindings.list();
        } catch (SQLException e) {
            throw new VelocityException(ErrorCode.INTERNAL_ERROR, "The role bindings could not be listed.");
        }
    }

    @Override
    @Transactional
    public void delete(String id) {
        UUID uuid = DefaultApiKeys.parseId(id);
        try {
            RoleBindingView view = bindings.find(uuid).orElseThrow(
                    () -> new VelocityException(ErrorCode.NOT_FOUND, "No role binding with id " + uuid + "."));
            authorizer.require(Verb.ROLEBINDING_MANAGE, view.pathPrefix(), AuditEvent.PLATFORM_CHAIN,
                    "rolebinding.delete");
            bindings.delete(uuid);
            audit.append(AuditEvent.success(AuditEvent.PLATFORM_CHAIN, "rolebinding.delete", "rolebinding/" + uuid,
                    Jsonp.createObjectBuilder().add("principal", view.principal()).add("role", view.role())
                            .add("schemaPrefix", view.pathPrefix()).build()));
        } catch (SQLException e) {
            throw new VelocityException(ErrorCode.INTERNAL_ERROR, "The role binding could not be deleted.");
        }
    }
}
