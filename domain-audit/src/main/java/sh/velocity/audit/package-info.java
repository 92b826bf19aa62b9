/**
 * The audit module: the append-only audit log. It writes audit events (through
 * {@code audit_append}), which PostgreSQL links into hash chains (one per schema path plus a
 * platform chain) as their transaction commits, and verifies those chains; retention, legal hold,
 * export and the SIEM drains belong here too. Every other
 * module records what it did through this module, so it depends on no other module.
 *
 * <p>Other modules may use only {@code sh.velocity.audit.api}; the fence is declared here and checked
 * by the architecture tests ({@code architecture-tests}, {@code ModuleFencesTest}).
 */
@VelocityModule(
        name = "audit",
        allowedDependencies = {},
        exposedPackages = "sh.velocity.audit.api..")
package sh.velocity.audit;

import sh.velocity.kernel.VelocityModule;
