package sh.velocity.auth.api;

/** Checks one bearer credential. Never throws for a bad credential; throws only when it cannot tell. */
public interface CredentialVerifier {

    Authentication verify(String bearer);
}
