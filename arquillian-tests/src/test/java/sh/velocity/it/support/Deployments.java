package sh.velocity.it.support;

import java.io.File;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.importer.ZipImporter;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;

/** The application under test: the EAR exactly as app-ear built it. */
public final class Deployments {

    private Deployments() {
    }

    public static EnterpriseArchive velocity() {
        return velocity("velocity.ear");
    }

    /**
     * The same EAR under another application name. Liberty's health registry can lose a quickly
     * redeployed application's checks when the name is reused, so tests that deploy by hand
     * several times give each deployment a name of its own.
     */
    public static EnterpriseArchive velocity(String archiveName) {
        File ear = new File(System.getProperty("velocity.ear"));
        return ShrinkWrap.create(ZipImporter.class, archiveName).importFrom(ear).as(EnterpriseArchive.class);
    }
}
