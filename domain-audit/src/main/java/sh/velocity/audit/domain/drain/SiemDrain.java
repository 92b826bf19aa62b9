package sh.velocity.audit.domain.drain;

import java.util.List;
import sh.velocity.audit.domain.StoredEvent;

/**
 * A destination outside Velocity that audit events are shipped to: the extension point of the SIEM
 * drains, one implementation per transport (webhook, syslog), chosen by the name under which it is
 * configured. The caller owns the cursor and the retries; a drain only says, for one batch, whether
 * the destination took all of it.
 */
public interface SiemDrain {

    DrainSettings settings();

    /**
     * Sends one batch: events of one chain, in sequence order. Returns only when the destination
     * accepted the whole batch; anything else is a {@link DeliveryFailure}, and the caller sends the
     * same events again later.
     */
    void deliver(List<StoredEvent> batch) throws DeliveryFailure;

    /** The pass is over: release what was kept open between its batches (a connection). */
    default void endPass() {
    }

    /** The application is stopping: abandon a delivery in progress (it counts as not delivered). */
    default void abort() {
    }

    /** Where the drain sends to, for logs: no credentials, no query string. */
    String destination();
}
