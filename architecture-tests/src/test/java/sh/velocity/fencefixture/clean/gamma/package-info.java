/** Clean fixture module "gamma": depends on no module, exposes only its api. */
@VelocityModule(name = "gamma", exposedPackages = "sh.velocity.fencefixture.clean.gamma.api..")
package sh.velocity.fencefixture.clean.gamma;

import sh.velocity.kernel.VelocityModule;
