/** Clean fixture module "delta": may depend on gamma and does so through gamma's api only. */
@VelocityModule(
        name = "delta",
        allowedDependencies = "gamma",
        exposedPackages = "sh.velocity.fencefixture.clean.delta.api..")
package sh.velocity.fencefixture.clean.delta;

import sh.velocity.kernel.VelocityModule;
