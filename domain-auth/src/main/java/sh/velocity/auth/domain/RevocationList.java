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

    /**
     * The first of several credentials (alternating kind and id: {@code kind1, id1, kind2, id2 …})
     * that is revoked, as its index in pairs; -1 when none is. One question to the list, however
     * many credentials a request carries (a token and its session family).
     */
    default int firstRevoked(String... kindsAndIds) throws Unavailable {
        for (int i = 0; i + 1 < kindsAndIds.length; i += 2) {
            if (isRevoked(kindsAndIds[i], kindsAndIds[i + 1])) {
                return i / 2;
            }
        }
        return -1;
    }

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
