package sh.velocity.audit.api;

import java.util.List;
import java.util.Optional;

/**
 * What the periodic re-verification of every chain found: the chains whose last verification
 * failed. Empty before the first run and when all chains verify.
 */
public interface AuditMonitor {

    List<ChainVerification> tamperedChains();

    /**
     * Why queued audit events have not been linked into their chains for a while (link passes have
     * failed for 30 s and more); empty while linking works.
     */
    Optional<String> linkingStalled();

    /**
     * Verifies every chain now, each one whole. (Every fifteen minutes a timer verifies the events
     * written since its last run, and each whole chain at a longer interval.)
     */
    List<ChainVerification> verifyAll();

    /**
     * What the fifteen-minute timer runs: every chain from where this replica's last pass over it
     * ended (that event checked unchanged), each chain whole on its first pass and at the configured
     * interval ({@code velocity.audit.monitor.full-every}).
     */
    List<ChainVerification> verifyNew();
}
