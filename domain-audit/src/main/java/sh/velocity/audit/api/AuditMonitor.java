package sh.velocity.audit.api;

import java.util.List;

/**
 * What the periodic re-verification of every chain found: the chains whose last verification
 * failed. Empty before the first run and when all chains verify.
 */
public interface AuditMonitor {

    List<ChainVerification> tamperedChains();

    /** Runs the verification of every chain now (also done every fifteen minutes). */
    List<ChainVerification> verifyAll();
}
