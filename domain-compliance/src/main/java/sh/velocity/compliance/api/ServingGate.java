package sh.velocity.compliance.api;

import java.util.Optional;

/**
 * Whether this server may serve API calls. Closed when the startup guard found the database role
 * misconfigured (superuser, BYPASSRLS, CREATE rights): row-level security cannot be trusted then,
 * so the server refuses everything until it is fixed and restarted.
 */
public interface ServingGate {

    /** Empty when serving; otherwise why not, in words an operator can act on. */
    Optional<String> refusal();
}
