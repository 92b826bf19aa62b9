package sh.velocity.fencefixture.clean.gamma.application;

import java.time.Instant;
import sh.velocity.fencefixture.clean.gamma.api.GammaCatalog;
import sh.velocity.fencefixture.clean.gamma.domain.GammaEntry;
import sh.velocity.kernel.SchemaPath;

/** Implements the api using the module's own domain. */
public class GammaCatalogService implements GammaCatalog {

    @Override
    public String titleOf(SchemaPath path) {
        return new GammaEntry(path.name(), Instant.EPOCH).title();
    }
}
