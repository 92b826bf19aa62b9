package sh.velocity.auth.api;

/**
 * Issues the first platform-admin key on an empty database and writes it once to a file only its
 * owner can read. Never issues a second one, even across restarts or replicas.
 */
public interface BootstrapCredentials {

    void ensureIssued();
}
