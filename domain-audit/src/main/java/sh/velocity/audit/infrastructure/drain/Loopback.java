package sh.velocity.audit.infrastructure.drain;

import java.util.Locale;

/** Whether a configured host names this machine, judged from the name alone (no DNS lookup). */
final class Loopback {

    private Loopback() {
    }

    static boolean is(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        return h.equals("localhost") || h.startsWith("127.") || h.equals("::1");
    }
}
