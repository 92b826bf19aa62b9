package sh.velocity.auth.api;

/** Whether the revocation store answers: without it every authenticated request is refused. */
public interface RevocationStatus {

    boolean reachable();
}
