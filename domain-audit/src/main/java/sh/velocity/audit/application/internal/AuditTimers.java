package sh.velocity.audit.application.internal;

import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.inject.Inject;

/**
 * The audit log's background work, on every replica (non-persistent timers; a second replica's
 * identical checkpoint is dropped by the primary key): seal the chains into signed checkpoints every
 * minute, and re-verify every chain every fifteen minutes, feeding the tampering gauge and health
 * check.
 */
@Singleton
public class AuditTimers {

    @Inject
    CheckpointSealer sealer;

    @Inject
    DefaultAuditMonitor monitor;

    @Schedule(hour = "*", minute = "*", second = "17", persistent = false)
    void seal() {
        sealer.sealAll();
    }

    @Schedule(hour = "*", minute = "*/15", second = "41", persistent = false)
    void verify() {
        monitor.verifyAll();
    }
}
