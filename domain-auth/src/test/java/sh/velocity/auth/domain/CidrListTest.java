package sh.velocity.auth.domain;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CidrListTest {

    @Test
    void matchesIpv4NetworksAtAnyPrefixLength() {
        CidrList list = CidrList.parse("10.0.0.0/8, 192.168.1.128/25, 203.0.113.7");
        assertTrue(list.contains("10.255.1.2"));
        assertTrue(list.contains("192.168.1.200"));
        assertFalse(list.contains("192.168.1.127"));
        assertTrue(list.contains("203.0.113.7"));
        assertFalse(list.contains("203.0.113.8"));
        assertTrue(list.contains("::ffff:10.1.2.3"), "an IPv4-mapped address is its IPv4 address");
    }

    @Test
    void matchesIpv6NetworksAndKeepsFamiliesApart() {
        CidrList list = CidrList.parse("2001:db8::/32, ::1");
        assertTrue(list.contains("2001:db8:1::5"));
        assertFalse(list.contains("2001:db9::5"));
        assertTrue(list.contains("::1"));
        assertFalse(list.contains("127.0.0.1"));
        assertTrue(CidrList.parse("0.0.0.0/0").contains("8.8.8.8"));
        assertFalse(CidrList.parse("0.0.0.0/0").contains("2001:db8::1"));
    }

    @Test
    void refusesHostNamesBadPrefixesAndNeverMatchesNonAddresses() {
        assertThrows(IllegalArgumentException.class, () -> CidrList.parse("localhost"));
        assertThrows(IllegalArgumentException.class, () -> CidrList.parse("10.0.0.0/33"));
        assertThrows(IllegalArgumentException.class, () -> CidrList.parse("10.0.0.0/x"));
        assertThrows(IllegalArgumentException.class, () -> CidrList.parse("2001:db8::/129"));
        assertFalse(CidrList.parse("10.0.0.0/8").contains("example.com"));
        assertFalse(CidrList.parse("10.0.0.0/8").contains(null));
        assertTrue(CidrList.parse("  ").isEmpty());
    }
}
