package sh.velocity.auth.api;

/**
 * Decides whether the current principal holds a verb on a schema path (or on
 * {@link Verb#PLATFORM_SCOPE}), using the same {@code platform.has_permission} function the
 * row-level security policies use, so the application and the database cannot disagree.
 */
public interface Authorizer {

    boolean has(String verb, String scope);

    /** Throws FORBIDDEN (and audits the denial in its own transaction) unless {@link #has}. */
    void require(String verb, String scope, String auditChain, String operation);
}
