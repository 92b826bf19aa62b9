package sh.velocity.auth.domain;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A list of IPv4 and IPv6 networks in CIDR notation ({@code 10.0.0.0/8}, {@code 2001:db8::/32}; a
 * bare address is a /32 or /128). Parsing accepts literal addresses only, never host names, so
 * reading the configuration never resolves anything. An IPv4 address never matches an IPv6 network
 * and the reverse, except that IPv4-mapped IPv6 addresses ({@code ::ffff:10.1.2.3}) are compared as
 * the IPv4 address they carry.
 */
public final class CidrList {

    private static final Pattern LITERAL = Pattern.compile("[0-9A-Fa-f:.]+");

    private final List<Network> networks;

    private CidrList(List<Network> networks) {
        this.networks = List.copyOf(networks);
    }

    /** Parses a comma-separated list; blank means empty. Throws with the offending entry when invalid. */
    public static CidrList parse(String text) {
        List<Network> out = new ArrayList<>();
        if (text != null) {
            for (String raw : text.split(",")) {
                String entry = raw.trim();
                if (!entry.isEmpty()) {
                    out.add(Network.parse(entry));
                }
            }
        }
        return new CidrList(out);
    }

    public boolean isEmpty() {
        return networks.isEmpty();
    }

    /** Whether the literal address falls in any network; false for anything that is not an address. */
    public boolean contains(String address) {
        byte[] bytes = literal(address);
        if (bytes == null) {
            return false;
        }
        for (Network n : networks) {
            if (n.contains(bytes)) {
                return true;
            }
        }
        return false;
    }

    private static byte[] literal(String address) {
        if (address == null || address.isEmpty() || !LITERAL.matcher(address).matches()) {
            return null;
        }
        try {
            byte[] b = InetAddress.getByName(address).getAddress();
            if (b.length == 16 && isV4Mapped(b)) {
                return new byte[] {b[12], b[13], b[14], b[15]};
            }
            return b;
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private static boolean isV4Mapped(byte[] b) {
        for (int i = 0; i < 10; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return b[10] == (byte) 0xff && b[11] == (byte) 0xff;
    }

    private record Network(byte[] base, int prefix) {

        static Network parse(String entry) {
            int slash = entry.indexOf('/');
            String address = slash < 0 ? entry : entry.substring(0, slash);
            byte[] base = literal(address);
            if (base == null) {
                throw new IllegalArgumentException("'" + entry + "' is not an IP address or CIDR network");
            }
            int max = base.length * 8;
            int prefix = max;
            if (slash >= 0) {
                try {
                    prefix = Integer.parseInt(entry.substring(slash + 1));
                } catch (NumberFormatException e) {
                    prefix = -1;
                }
                if (prefix < 0 || prefix > max) {
                    throw new IllegalArgumentException("'" + entry + "' has a prefix length outside 0-" + max);
                }
            }
            return new Network(base, prefix);
        }

        boolean contains(byte[] address) {
            if (address.length != base.length) {
                return false;
            }
            int full = prefix / 8;
            for (int i = 0; i < full; i++) {
                if (address[i] != base[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xff << (8 - rest)) & 0xff;
            return (address[full] & mask) == (base[full] & mask);
        }
    }
}
