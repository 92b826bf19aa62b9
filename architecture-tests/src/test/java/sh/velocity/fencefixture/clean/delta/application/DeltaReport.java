package sh.velocity.fencefixture.clean.delta.application;

import sh.velocity.fencefixture.clean.gamma.api.GammaCatalog;
import sh.velocity.kernel.SchemaPath;

/** Uses gamma through its api, as declared; uses the kernel freely. */
public class DeltaReport {
    private final GammaCatalog catalog;

    public DeltaReport(GammaCatalog catalog) {
        this.catalog = catalog;
    }

    public String line(String path) {
        return catalog.titleOf(SchemaPath.parse(path));
    }
}
