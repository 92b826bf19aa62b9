/** Fixture module "beta": may depend on alpha, but only through alpha's api. */
@VelocityModule(
        name = "beta",
        allowedDependencies = "alpha",
        exposedPackages = "sh.velocity.fencefixture.beta.api..")
package sh.velocity.fencefixture.beta;

import sh.velocity.kernel.VelocityModule;
