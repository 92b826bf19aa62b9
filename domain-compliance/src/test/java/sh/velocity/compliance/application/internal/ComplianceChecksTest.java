package sh.velocity.compliance.application.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import sh.velocity.auth.api.Throttles;
import sh.velocity.compliance.api.CheckResult;
import sh.velocity.compliance.api.CheckStatus;

/**
 * Verdicts of checks whose property a live test cannot break without breaking the server: the
 * startup log (written before any test runs), rate limits and lockout set to no effect, Redis
 * down. The Redis check's verdict both ways. On a live server a stopped Redis makes the API refuse every
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

    @Test
    void startupLogFailsOnAnErrorOrFatalLineBeforeTheReadyMessageOnly() {
        String ready = "[11/22/26, 12:00:07:001 UTC] 0000002a FeatureManager A CWWKF0011I: The velocity server is ready.";
        assertEquals(List.of(), DefaultComplianceChecklist.errorsBeforeReady(Stream.of(
                "[11/22/26, 12:00:01:001 UTC] 00000001 com.ibm.ws.kernel.launch I CWWKE0001I: The server launched.",
                ready, "[11/22/26, 12:10:00:000 UTC] 0000004b sh.velocity E later error, not the startup's")));
        List<String> bad = DefaultComplianceChecklist.errorsBeforeReady(Stream.of(
                "[11/22/26, 12:00:01:001 UTC] 00000001 com.ibm.ws.kernel.launch I CWWKE0001I: The server launched.",
                "[11/22/26, 12:00:03:001 UTC] 00000031 com.ibm.ws.app.manager E CWWKZ0002E: An exception occurred",
                "[11/22/26, 12:00:04:001 UTC] 00000031 sh.velocity.compliance F FATAL velocity_api role has BYPASSRLS=true",
                ready));
        assertEquals(2, bad.size(), bad.toString());
        assertTrue(bad.get(0).contains("CWWKZ0002E"), bad.toString());
        assertTrue(bad.get(1).contains("BYPASSRLS"), bad.toString());
        String longLine = "[x] 1 y E " + "z".repeat(500);
        assertEquals(161, DefaultComplianceChecklist.errorsBeforeReady(Stream.of(longLine)).get(0).length());
    }

    @Test
    void rateLimitsThatLimitNothingFailWithTheSettingNamed() {
        DefaultComplianceChecklist checklist = new DefaultComplianceChecklist();
        checklist.throttles = throttles(new Throttles.Settings(5, 900, 900, 200, 100, 2000, 1000));
        CheckResult sound = checklist.rateLimits("rate-limits", 0, "Rate limits are active");
        assertEquals(CheckStatus.PASS, sound.status(), sound.evidence());
        assertTrue(sound.evidence().contains("200 refilling 100/s per credential"), sound.evidence());

        checklist.throttles = throttles(new Throttles.Settings(5, 900, 900, 200, 1_000_000, 2000, 1000));
        CheckResult open = checklist.rateLimits("rate-limits", 0, "Rate limits are active");
        assertEquals(CheckStatus.FAIL, open.status());
        assertTrue(open.evidence().contains("velocity.rate-limit.credential.per-second=1000000 (above 10000)"),
                open.evidence());
        checklist.throttles = throttles(new Throttles.Settings(5, 900, 900, 200, 100, 0, 1000));
        CheckResult closed = checklist.rateLimits("rate-limits", 0, "Rate limits are active");
        assertEquals(CheckStatus.FAIL, closed.status());
        assertTrue(closed.evidence().contains("velocity.rate-limit.ip.capacity=0 (every request is refused)"),
                closed.evidence());
    }

    @Test
    void lockoutThatLocksNothingOutFailsWithTheSettingNamed() {
        DefaultComplianceChecklist checklist = new DefaultComplianceChecklist();
        checklist.throttles = throttles(new Throttles.Settings(5, 900, 900, 200, 100, 2000, 1000));
        assertEquals(CheckStatus.PASS, checklist.lockout("lockout", 0, "Lockout").status());
        checklist.throttles = throttles(new Throttles.Settings(1000, 900, 900, 200, 100, 2000, 1000));
        CheckResult lax = checklist.lockout("lockout", 0, "Lockout");
        assertEquals(CheckStatus.FAIL, lax.status());
        assertTrue(lax.evidence().contains("velocity.lockout.attempts=1000 (above 20)"), lax.evidence());
        checklist.throttles = throttles(new Throttles.Settings(5, 900, 1, 200, 100, 2000, 1000));
        CheckResult brief = checklist.lockout("lockout", 0, "Lockout");
        assertEquals(CheckStatus.FAIL, brief.status());
        assertTrue(brief.evidence().contains("velocity.lockout.duration-seconds=1 (at least 60)"), brief.evidence());
    }

    private static Throttles throttles(Throttles.Settings settings) {
        return new Throttles() {
            @Override
            public Settings settings() {
                return settings;
            }

            @Override
            public Admission admit(String principal, String sourceIp) {
                return new Admission(Optional.empty(), Optional.empty());
            }

            @Override
            public boolean recordFailure(String sourceIp) {
                return false;
            }

            @Override
            public Optional<Duration> subjectLockedOut(String subject) {
                return Optional.empty();
            }

            @Override
            public boolean recordSubjectFailure(String subject) {
                return false;
            }

            @Override
            public void clearSubjectFailures(String subject) {
            }
        };
    }
}
