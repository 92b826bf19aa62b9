package sh.velocity.schema.domain.approval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ProtectedNamespacesTest {

    @Test
    void blankProtectsNothing() {
        assertFalse(ProtectedNamespaces.parse(null).covers("acme"));
        assertFalse(ProtectedNamespaces.parse("  ").covers("acme"));
        assertEquals("", ProtectedNamespaces.parse("").describe());
    }

    @Test
    void aListProtectsExactlyItsNamespaces() {
        ProtectedNamespaces p = ProtectedNamespaces.parse(" bank, payroll  hr-core ");
        assertTrue(p.covers("bank"));
        assertTrue(p.covers("payroll"));
        assertTrue(p.covers("hr-core"));
        assertFalse(p.covers("acme"));
        assertFalse(p.covers("bank2"), "a namespace, not a prefix");
        assertEquals("bank,payroll,hr-core", p.describe());
        assertTrue(p.problem().isEmpty());
    }

    @Test
    void aStarProtectsEveryNamespace() {
        assertTrue(ProtectedNamespaces.parse("*").covers("anything"));
        assertTrue(ProtectedNamespaces.parse("bank,*").covers("acme"));
    }

    @Test
    void aSettingThatDoesNotParseProtectsEverything() {
        ProtectedNamespaces p = ProtectedNamespaces.parse("bank, Payroll");
        assertTrue(p.covers("acme"), "a typo must not switch protection off");
        assertTrue(p.problem().orElseThrow().contains("Payroll"));
        assertTrue(ProtectedNamespaces.parse("bank;acme").covers("other"));
    }
}
