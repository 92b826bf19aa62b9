package sh.velocity.schema.domain.approval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import sh.velocity.schema.domain.approval.ChainRefusal.Rule;

class ChangeRequestTest {

    private static final String PATH = "bank/ledger/core/account/v1";

    private static ChangeRequest submittedByAlice() {
        return ChangeRequest.submitted("c-1", PATH, "alice");
    }

    private static Rule refusal(Runnable step) {
        return assertThrows(ChainRefusal.class, step::run).rule();
    }

    @Test
    void theFullChainTakesThreePrincipals() {
        ChangeRequest approved = submittedByAlice().approve("bob");
        assertEquals(ChangeStatus.APPROVED, approved.status());
        assertEquals("bob", approved.reviewer());
        ChangeRequest applied = approved.apply("carol");
        assertEquals(ChangeStatus.APPLIED, applied.status());
        assertEquals("alice", applied.author());
        assertEquals("bob", applied.reviewer());
        assertEquals("carol", applied.applier());
    }

    @Test
    void theAuthorCannotApproveOrRejectTheirOwnChange() {
        assertEquals(Rule.AUTHOR_REVIEWS, refusal(() -> submittedByAlice().approve("alice")));
        assertEquals(Rule.AUTHOR_REVIEWS, refusal(() -> submittedByAlice().reject("alice")));
    }

    @Test
    void principalsDifferingOnlyInCaseAreOnePrincipal() {
        assertEquals(Rule.AUTHOR_REVIEWS, refusal(() -> submittedByAlice().approve("ALICE")));
        ChangeRequest approved = submittedByAlice().approve("bob");
        assertEquals(Rule.SECOND_STEP_BY_ONE_PRINCIPAL, refusal(() -> approved.apply("Bob")));
        assertEquals(Rule.SECOND_STEP_BY_ONE_PRINCIPAL, refusal(() -> approved.apply("Alice")));
    }

    @Test
    void neitherTheReviewerNorTheAuthorMayApply() {
        ChangeRequest approved = submittedByAlice().approve("bob");
        assertEquals(Rule.SECOND_STEP_BY_ONE_PRINCIPAL, refusal(() -> approved.apply("bob")));
        assertEquals(Rule.SECOND_STEP_BY_ONE_PRINCIPAL, refusal(() -> approved.apply("alice")));
        assertTrue(Rule.SECOND_STEP_BY_ONE_PRINCIPAL.separationOfDuties());
        assertTrue(Rule.AUTHOR_REVIEWS.separationOfDuties());
    }

    @Test
    void noStepCanBeSkipped() {
        assertEquals(Rule.NOT_APPROVED, refusal(() -> submittedByAlice().apply("carol")));
        ChangeRequest rejected = submittedByAlice().reject("bob");
        assertEquals(ChangeStatus.REJECTED, rejected.status());
        assertEquals(Rule.NOT_APPROVED, refusal(() -> rejected.apply("carol")));
        assertFalse(Rule.NOT_APPROVED.separationOfDuties());
    }

    @Test
    void aChangeIsReviewedOnceAndAppliedOnce() {
        ChangeRequest approved = submittedByAlice().approve("bob");
        assertEquals(Rule.NOT_PENDING, refusal(() -> approved.approve("dave")));
        assertEquals(Rule.NOT_PENDING, refusal(() -> approved.reject("dave")));
        ChangeRequest rejected = submittedByAlice().reject("bob");
        assertEquals(Rule.NOT_PENDING, refusal(() -> rejected.approve("dave")));
        ChangeRequest applied = approved.apply("carol");
        assertEquals(Rule.NOT_APPROVED, refusal(() -> applied.apply("dave")));
        assertEquals(Rule.NOT_PENDING, refusal(() -> applied.approve("dave")));
    }

    @Test
    void theRefusalSaysWhatToDo() {
        ChainRefusal own = assertThrows(ChainRefusal.class, () -> submittedByAlice().approve("alice"));
        assertTrue(own.getMessage().contains("another principal with schema.review"), own.getMessage());
        ChainRefusal reviewer = assertThrows(ChainRefusal.class, () -> submittedByAlice().approve("bob").apply("bob"));
        assertTrue(reviewer.getMessage().contains("third principal"), reviewer.getMessage());
    }

    @Test
    void statusesHaveStableWireNames() {
        for (ChangeStatus s : ChangeStatus.values()) {
            assertEquals(s, ChangeStatus.fromWire(s.wireName()).orElseThrow());
        }
        assertTrue(ChangeStatus.fromWire("PENDING").isEmpty());
        assertTrue(ChangeStatus.fromWire("merged").isEmpty());
    }
}
