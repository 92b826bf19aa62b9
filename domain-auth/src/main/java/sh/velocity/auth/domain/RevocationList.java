package sh.velocity.auth.domain;

import java.time.Duration;

/**
 * Revoked credentials, shared by every replica (revoked key ids now; JWT ids and refresh families
 * with the token issue). Consulted on every authenticated request: when it cannot answer, the
 * request is refused, never let through.
 */
public interface RevocationList {

    /** Whether the credential of this kind and id is revoked; throws when the list cannot answer. */
    boolean isRevoked(String kind, String id) throws Unavailable;

    /** Records a revocation for {@code ttl} (at least the credential's remaining lifetime). */
    void revoke(String kind, String id, Duration ttl) throws Unavailable;

    /** The revocation list cannot be reached or did not answer in time. */
    final class Unavailable extends Exception {

        private static final long serialVersionUID = 1L;

        public Unavailable(String message) {
            super(message, null, false, false);
        }
    }
}
