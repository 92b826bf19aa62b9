package sh.velocity.compliance.application.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import sh.velocity.compliance.api.CheckResult;
import sh.velocity.compliance.api.CheckStatus;

/**
 * The Redis check's verdict both ways. On a live server a stopped Redis makes the API refuse every
 * authenticated call (so the checklist route too: fail closed, ComplianceChecklistIT), and this
 * failing verdict shows in the timer's log line and the failed-checks gauge.
 */
class ComplianceChecksTest {

    @Test
    void redisThatDoesNotAnswerFailsTheCheckWithEvidence() {
        DefaultComplianceChecklist checklist = new DefaultComplianceChecklist();
        checklist.redis = () -> false;
        CheckResult down = checklist.redis("redis-fail-closed", 9, "Redis unavailability causes 503");
        assertEquals(CheckStatus.FAIL, down.status());
        assertTrue(down.evidence().contains("Redis does not answer"), down.evidence());
        assertTrue(down.evidence().contains("503 REVOCATION_UNAVAILABLE"), down.evidence());
        checklist.redis = () -> true;
        assertEquals(CheckStatus.PASS, checklist.redis("redis-fail-closed", 9, "Redis").status());
    }
}
