/**
 * The schema module: record-type manifests and their admission, CEL rules compiled with a cost
 * bound, diffs and breaking-change detection between versions, and the narrow DDL gateway that
 * turns an admitted manifest into tables. It checks permissions through auth and audits every
 * schema change.
 *
 * <p>Other modules may use only {@code sh.velocity.schema.api}; the fence is declared here and checked
 * by the architecture tests ({@code architecture-tests}, {@code ModuleFencesTest}).
 */
@VelocityModule(
        name = "schema",
        allowedDependencies = {"audit", "auth"},
        exposedPackages = "sh.velocity.schema.api..")
package sh.velocity.schema;

import sh.velocity.kernel.VelocityModule;
