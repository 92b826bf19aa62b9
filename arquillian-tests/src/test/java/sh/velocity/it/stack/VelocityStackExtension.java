package sh.velocity.it.stack;

import org.jboss.arquillian.core.spi.LoadableExtension;

/** Registers {@link StackLifecycle}: the database comes up and is migrated before Liberty starts. */
public class VelocityStackExtension implements LoadableExtension {

    @Override
    public void register(ExtensionBuilder builder) {
        builder.observer(StackLifecycle.class);
    }
}
