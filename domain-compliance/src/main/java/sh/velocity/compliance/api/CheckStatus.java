package sh.velocity.compliance.api;

import java.util.Locale;

/**
 * A check's verdict: {@code PASS} the property holds here; {@code FAIL} it does not (evidence says
 * where); {@code WARN} it holds but something needs attention; {@code MANUAL} it concerns the
 * cluster around Velocity, and the deployment manifests say it holds but only a live cluster can
 * prove it (evidence names the command).
 */
public enum CheckStatus {
    PASS, FAIL, WARN, MANUAL;

    /** As the API spells it: {@code pass}, {@code fail}, {@code warn}, {@code manual}. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
