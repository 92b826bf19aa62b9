package sh.velocity.auth.domain;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PrincipalNameTest {

    @ParameterizedTest
    @ValueSource(strings = {"ci-deployer", "alice@example.com", "svc:reporting", "a", "team.payments_2"})
    void ordinaryNamesAreAccepted(String name) {
        assertTrue(PrincipalName.problem(name).isEmpty(), name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"system:outbox-relay", "SYSTEM:bootstrap", "System:x", "", " ", "-lead", "a b", "x/y"})
    void reservedOrMalformedNamesAreRefused(String name) {
        assertTrue(PrincipalName.problem(name).isPresent(), name);
    }

    @org.junit.jupiter.api.Test
    void nullAndOverlongNamesAreRefused() {
        assertTrue(PrincipalName.problem(null).isPresent());
        assertTrue(PrincipalName.problem("a".repeat(129)).isPresent());
    }
}
