/**
 * The auth module: who is calling and what they may do. API keys, JWTs, users with TOTP, lockout,
 * revocation (Redis), RBAC through RoleBindings, and rate limits. It records logins, denials and
 * key changes through the audit module.
 *
 * <p>Other modules may use only {@code sh.velocity.auth.api}; the fence is declared here and checked
 * by the architecture tests ({@code architecture-tests}, {@code ModuleFencesTest}).
 */
@VelocityModule(
        name = "auth",
        allowedDependencies = {"audit"},
        exposedPackages = "sh.velocity.auth.api..")
package sh.velocity.auth;

import sh.velocity.kernel.VelocityModule;
