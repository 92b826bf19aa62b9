/**
 * The compliance module: the executable hardening checklist, compliance packs, waivers and
 * approvals, and the startup guard. It inspects auth and schema settings and audits waivers and
 * approvals.
 *
 * <p>Other modules may use only {@code sh.velocity.compliance.api}; the fence is declared here and
 * checked by the architecture tests ({@code architecture-tests}, {@code ModuleFencesTest}).
 */
@VelocityModule(
        name = "compliance",
        allowedDependencies = {"audit", "auth", "schema", "records"},
        exposedPackages = "sh.velocity.compliance.api..")
package sh.velocity.compliance;

import sh.velocity.kernel.VelocityModule;
