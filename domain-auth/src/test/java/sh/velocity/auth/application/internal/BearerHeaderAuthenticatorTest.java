package sh.velocity.auth.application.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import sh.velocity.auth.api.Authentication;
import sh.velocity.auth.api.AuthenticationOutcome;
import sh.velocity.auth.api.AuthenticationOutcome.Verdict;
import sh.velocity.auth.api.CredentialVerifier;

class BearerHeaderAuthenticatorTest {

    private final List<String> asked = new ArrayList<>();

    private BearerHeaderAuthenticator answering(Authentication answer) {
        return with(bearer -> {
            asked.add(bearer);
            return answer;
        });
    }

    private static BearerHeaderAuthenticator with(CredentialVerifier verifier) {
        BearerHeaderAuthenticator authenticator = new BearerHeaderAuthenticator();
        authenticator.verifier = verifier;
        return authenticator;
    }

    @Test
    void noHeaderIsNoCredentialAndAsksNobody() {
        AuthenticationOutcome outcome = answering(Authentication.success("alice")).authenticate(null);
        assertEquals(Verdict.NO_CREDENTIAL, outcome.verdict());
        assertNull(outcome.principal());
        assertTrue(asked.isEmpty());
    }

    @Test
    void aVerifiedCredentialNamesItsPrincipal() {
        AuthenticationOutcome outcome = answering(Authentication.success("apikey:ci")).authenticate("bEaReR  vel_abc ");
        assertEquals(Verdict.AUTHENTICATED, outcome.verdict());
        assertEquals("apikey:ci", outcome.principal());
        assertEquals(List.of("vel_abc"), asked, "the scheme is case-insensitive and the credential trimmed");
    }

    @Test
    void otherSchemesAndOversizedHeadersAreRefusedWithoutALookup() {
        BearerHeaderAuthenticator authenticator = answering(Authentication.success("alice"));
        for (String header : List.of("Basic YWxpY2U6cHc=", "Bearer", "", "Bearervel_abc",
                "Bearer " + "x".repeat(BearerHeaderAuthenticator.MAX_HEADER_LENGTH))) {
            AuthenticationOutcome outcome = authenticator.authenticate(header);
            assertEquals(Verdict.REFUSED, outcome.verdict(), header);
            assertEquals("not a bearer credential", outcome.reason());
        }
        assertTrue(asked.isEmpty());
    }

    @Test
    void aRefusalKeepsTheVerifiersReasonForTheAuditLog() {
        AuthenticationOutcome outcome = answering(Authentication.refused("revoked key 7")).authenticate("Bearer vel_x");
        assertEquals(Verdict.REFUSED, outcome.verdict());
        assertEquals("revoked key 7", outcome.reason());
        assertNull(outcome.principal());
    }

    @Test
    void aRevocationListThatCannotAnswerIsItsOwnVerdict() {
        AuthenticationOutcome outcome = answering(Authentication.unverifiable("redis: connection refused"))
                .authenticate("Bearer vel_x");
        assertEquals(Verdict.REVOCATION_UNAVAILABLE, outcome.verdict());
        assertEquals("redis: connection refused", outcome.reason());
        assertNull(outcome.principal());
    }

    @Test
    void aVerifierThatThrowsFailsClosedWithoutQuotingItsMessage() {
        AuthenticationOutcome outcome = with(bearer -> {
            throw new IllegalStateException("password=hunter2 for " + bearer);
        }).authenticate("Bearer vel_secret");
        assertEquals(Verdict.CREDENTIAL_STORE_UNAVAILABLE, outcome.verdict());
        assertNull(outcome.principal());
        assertEquals("IllegalStateException", outcome.reason());
        assertFalse(outcome.toString().contains("vel_secret"));
    }

    @Test
    void onlyAnAuthenticatedOutcomeCarriesAPrincipal() {
        assertThrows(IllegalArgumentException.class,
                () -> new AuthenticationOutcome(Verdict.REFUSED, "alice", "unknown key"));
        assertThrows(IllegalArgumentException.class,
                () -> new AuthenticationOutcome(Verdict.AUTHENTICATED, null, null));
    }
}
