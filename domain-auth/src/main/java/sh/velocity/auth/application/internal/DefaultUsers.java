package sh.velocity.auth.application.internal;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import sh.velocity.audit.api.AuditEvent;
import sh.velocity.audit.api.AuditTrail;
import sh.velocity.auth.api.Authorizer;
import sh.velocity.auth.api.Users;
import sh.velocity.auth.api.Verb;
import sh.velocity.auth.infrastructure.persistence.JdbcUsers;
import sh.velocity.kernel.json.Jsonp;
import sh.velocity.kernel.problem.ErrorCode;
import sh.velocity.kernel.problem.FieldError;
import sh.velocity.kernel.problem.VelocityException;
import sh.velocity.kernel.request.RequestContext;

/**
 * Creates users: the password must meet the policy (and is kept only as an Argon2id hash), roles
 * are bound without escalation, and a TOTP secret is enrolled, sealed, when asked for or when a
 * role requires MFA. The secret is shown once, in the response; the audit event names the roles,
 * never a secret.
 */
@ApplicationScoped
public class DefaultUsers implements Users {


    @Inject
    Authorizer authorizer;

    @Inject
    RoleGrants grants;

    @Inject
    JdbcUsers users;

    @Inject
    Credentials credentials;

    @Inject
    AuthSettings settings;

    @Inject
    AuditTrail audit;

    @Inject
    RequestContext request;

    @Override
    @Transactional
    public NewUser create(String username, char[] password, List<String> roles, boolean mfa) {
        authorizer.require(Verb.USER_MANAGE, Verb.PLATFORM_SCOPE, AuditEvent.PLATFORM_CHAIN, "user.create");
        List<String> wanted = roles == null ? List.of() : roles;
        List<FieldError> errors = new ArrayList<>();
        if (username == null || !Users.USERNAME.matcher(username).matches()) {
            errors.add(new FieldError("username", "must match " + Users.USERNAME.pattern()));
        }
        for (String violation : credentials.policy().violations(username == null ? "" : username, password)) {
            errors.add(new FieldError("password", violation));
        }
        if (!errors.isEmpty()) {
            throw new VelocityException(ErrorCode.VALIDATION_FAILED, "The user cannot be created.", errors);
        }
        String principal = Users.principalOf(username);
        wanted.forEach(role -> grants.requireGrantable(role, Verb.PLATFORM_SCOPE));
        boolean enrol = mfa || wanted.stream().anyMatch(settings.mfaRoles()::contains);
        String secret = enrol ? credentials.newTotpSecret() : null;
        try {
            if (!users.insert(username, credentials.hasher().hash(password), seal(username, secret), request.actor())) {
                throw new VelocityException(ErrorCode.CONFLICT, "A user named '" + username + "' already exists.");
            }
        } catch (SQLException e) {
            throw new VelocityException(ErrorCode.INTERNAL_ERROR, "The user could not be stored.");
        }
        for (String role : wanted) {
            grants.bind(principal, role, Verb.PLATFORM_SCOPE);
        }
        audit.append(AuditEvent.success(AuditEvent.PLATFORM_CHAIN, "user.create", principal,
                Jsonp.createObjectBuilder().add("roles", Jsonp.createArrayBuilder(wanted)).add("mfa", enrol).build()));
        return new NewUser(username, principal, wanted, secret, secret == null ? null
                : credentials.otpauthUri(username, secret));
    }

    @Override
    @Transactional
    public NewUser resetTotp(String username) {
        authorizer.require(Verb.USER_MANAGE, Verb.PLATFORM_SCOPE, AuditEvent.PLATFORM_CHAIN, "user.totp.reset");
        String secret = credentials.newTotpSecret();
        String principal = Users.principalOf(username == null ? "" : username);
        try {
            if (username == null || !users.replaceTotpSecret(username, seal(username, secret))) {
                throw new VelocityException(ErrorCode.NOT_FOUND, "No user named '" + username + "'.");
            }
            List<String> roles = users.rolesOf(principal);
            audit.append(AuditEvent.success(AuditEvent.PLATFORM_CHAIN, "user.totp.reset", principal, null));
            return new NewUser(username, principal, roles, secret, credentials.otpauthUri(username, secret));
        } catch (SQLException e) {
            throw new VelocityException(ErrorCode.INTERNAL_ERROR, "The TOTP secret could not be stored.");
        }
    }

    private byte[] seal(String username, String secret) {
        return secret == null ? null : credentials.box().seal(secret.getBytes(StandardCharsets.US_ASCII), username);
    }
}
