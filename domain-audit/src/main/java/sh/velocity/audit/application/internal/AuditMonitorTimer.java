package sh.velocity.audit.application.internal;

import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.inject.Inject;

/**
 * Verifies every chain every fifteen minutes on every replica (non-persistent timer), feeding the
 * tampering gauge and the readiness check: incrementally, the events written since the last run,
 * and each whole chain every {@code velocity.audit.monitor.full-every} ({@link DefaultAuditMonitor}).
 * A singleton apart from {@link AuditTimers}: a seal held up by a long transaction (its minute
 * timer then waits on that singleton's lock) never holds back tamper detection.
 */
@Singleton
public class AuditMonitorTimer {

    @Inject
    DefaultAuditMonitor monitor;

    @Schedule(hour = "*", minute = "*/15", second = "41", persistent = false)
    void verify() {
        monitor.verifyNew();
    }
}
