package sh.velocity.audit.application.internal;

import jakarta.ejb.Schedule;
import jakarta.inject.Inject;
import jakarta.ejb.Singleton;

/**
 * Links, every second on every replica (non-persistent timer), the audit events that work outside
 * a request queued (timers, background workers), and any a request left queued because its pass
 * failed or a replica stopped between commit and link. A singleton of its own, so a long seal or
 * monitor run never holds it back.
 */
@Singleton
public class AuditLinkTimer {

    @Inject
    AuditLinker linker;

    @Schedule(hour = "*", minute = "*", second = "*", persistent = false)
    void link() {
        linker.linkQueued();
    }
}
