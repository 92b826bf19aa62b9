/**
 * The records module: record CRUD and queries under row-level security, masking on the way out,
 * the transactional outbox, idempotency keys and the search tiers. It reads record types from the
 * schema module, authorises through auth and audits through audit.
 *
 * <p>Other modules may use only {@code sh.velocity.records.api}; the fence is declared here and checked
 * by the architecture tests ({@code architecture-tests}, {@code ModuleFencesTest}).
 */
@VelocityModule(
        name = "records",
        allowedDependencies = {"audit", "auth", "schema"},
        exposedPackages = "sh.velocity.records.api..")
package sh.velocity.records;

import sh.velocity.kernel.VelocityModule;
