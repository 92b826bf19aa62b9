package sh.velocity.it.support;

import java.io.File;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;

/** The application under test: the EAR exactly as app-ear built it. */
public final class Deployments {

    private Deployments() {
    }

    public static EnterpriseArchive velocity() {
        File ear = new File(System.getProperty("velocity.ear"));
        return ShrinkWrap.createFromZipFile(EnterpriseArchive.class, ear);
    }
}
