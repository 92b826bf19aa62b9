package sh.velocity.it.stack;

import org.jboss.arquillian.container.spi.event.container.AfterStop;
import org.jboss.arquillian.container.spi.event.container.BeforeStart;
import org.jboss.arquillian.core.api.annotation.Observes;

/** Starts the test stack before the Liberty container starts and tears it down after it stops. */
public class StackLifecycle {

    public void beforeStart(@Observes BeforeStart event) throws Exception {
        TestStack.start();
    }

    public void afterStop(@Observes AfterStop event) throws Exception {
        TestStack.stop();
    }
}
