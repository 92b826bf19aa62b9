package sh.velocity.compliance.application.internal;

import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.inject.Inject;

/**
 * Runs the checklist every fifteen minutes on every replica, so the gauge
 * {@code velocity_compliance_checks_failed} follows the deployment without anyone asking.
 */
@Singleton
public class ChecklistTimer {

    @Inject
    DefaultComplianceChecklist checklist;

    @Schedule(hour = "*", minute = "5,20,35,50", second = "11", persistent = false)
    void run() {
        checklist.runScheduled();
    }
}
