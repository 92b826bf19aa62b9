package sh.velocity.fencefixture.clean.gamma.api;

import sh.velocity.kernel.SchemaPath;

/** Gamma's api: refers to kernel types and its own id values only. */
public interface GammaCatalog {
    String titleOf(SchemaPath path);
}
