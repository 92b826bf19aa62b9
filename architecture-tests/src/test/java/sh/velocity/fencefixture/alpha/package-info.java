/** Fixture module "alpha": allowed to depend on nothing, exposes only its api. */
@VelocityModule(name = "alpha", exposedPackages = "sh.velocity.fencefixture.alpha.api..")
package sh.velocity.fencefixture.alpha;

import sh.velocity.kernel.VelocityModule;
