package sh.velocity.schema.domain.approval;

import java.util.Locale;

/**
 * When two steps were taken by the same principal. A principal is the name its credentials carry
 * (an API key's owner, a token's subject), never a key: one person's several keys are one principal.
 * Names that differ only in case count as the same, so that {@code Alice} cannot review
 * {@code alice}'s change; the database's CHECK constraints compare the same way.
 */
public final class Principals {

    private Principals() {
    }

    public static boolean same(String a, String b) {
        return a != null && b != null && a.toLowerCase(Locale.ROOT).equals(b.toLowerCase(Locale.ROOT));
    }
}
