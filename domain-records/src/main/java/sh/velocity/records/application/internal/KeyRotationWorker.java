package sh.velocity.records.application.internal;

import jakarta.ejb.Lock;
import jakarta.ejb.LockType;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.inject.Inject;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import sh.velocity.kernel.request.RequestContext;

/**
 * Runs key rotations in the background: every five seconds, on every replica, batches
 * ({@link KeyRotationBatches}, one transaction each) for up to ten seconds. Replicas share the
 * work through the rotation row's lock; a restart resumes from the database. It works as
 * {@value #PRINCIPAL}, whom the record tables' row-level security lets read and rewrite every
 * record (and no key or binding can carry).
 */
@Singleton
@Lock(LockType.READ)
public class KeyRotationWorker {

    /** The rotation worker's principal (schema V4 policies). */
    public static final String PRINCIPAL = "system:key-rotation";

    private static final Logger LOG = Logger.getLogger(KeyRotationWorker.class.getName());
    private static final long PASS_NANOS = TimeUnit.SECONDS.toNanos(10);

    @Inject
    KeyRotationBatches batches;

    @Inject
    RequestContext request;

    @Inject
    @ConfigProperty(name = "velocity.encryption.rotation-batch-size", defaultValue = "500")
    int batchSize;

    private final AtomicBoolean running = new AtomicBoolean();

    @Schedule(hour = "*", minute = "*", second = "*/5", persistent = false)
    void pass() {
        if (!running.compareAndSet(false, true)) {
            return;
        }
        try {
            request.authenticate(PRINCIPAL);
            long deadline = System.nanoTime() + PASS_NANOS;
            while (System.nanoTime() < deadline && batches.step(batchSize)) {
                // next batch
            }
        } catch (RuntimeException e) {
            LOG.warning("Key rotation pass stopped: " + e.getClass().getSimpleName() + "; the next pass resumes");
        } finally {
            running.set(false);
        }
    }
}
