package sh.velocity.audit.api;

/** Re-computes a chain from its stored events. */
public interface AuditVerifier {

    ChainVerification verify(String chain);
}
