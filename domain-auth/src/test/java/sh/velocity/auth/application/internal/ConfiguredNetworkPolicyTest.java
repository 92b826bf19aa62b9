package sh.velocity.auth.application.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class ConfiguredNetworkPolicyTest {

    private static ConfiguredNetworkPolicy policy(String allow, String deny) {
        ConfiguredNetworkPolicy p = new ConfiguredNetworkPolicy();
        p.allowText = Optional.ofNullable(allow);
        p.denyText = Optional.ofNullable(deny);
        p.parse();
        return p;
    }

    @Test
    void withoutListsEveryoneIsAllowed() {
        assertTrue(policy(null, null).allows("198.51.100.1"));
    }

    @Test
    void anAllowListAdmitsOnlyItsNetworksAndDenyWins() {
        ConfiguredNetworkPolicy p = policy("10.0.0.0/8, 127.0.0.1", "10.66.0.0/16");
        assertTrue(p.allows("10.1.2.3"));
        assertTrue(p.allows("127.0.0.1"));
        assertFalse(p.allows("198.51.100.1"));
        assertFalse(p.allows("10.66.1.1"), "deny wins over allow");
    }

    @Test
    void aListThatDoesNotParseRefusesEveryone() {
        ConfiguredNetworkPolicy p = policy("10.0.0.0/8, intranet.example", null);
        assertFalse(p.allows("10.1.2.3"));
        assertFalse(p.allows("127.0.0.1"));
    }
}
