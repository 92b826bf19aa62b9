package sh.velocity.compliance.application.internal;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import sh.velocity.compliance.api.ServingGate;

/**
 * The startup guard's verdict, read by every request. A plain bean holding one volatile value:
 * reading it through the guard itself, an enterprise bean, cost every API call a pass through the
 * EJB container (about 3 % of the server's CPU per create in the session-8 profile). Only
 * {@link StartupGuard} changes it; it starts closed.
 */
@ApplicationScoped
public class ServingVerdict implements ServingGate {

    private volatile Optional<String> refusal = Optional.of("the database role has not been checked yet");

    @Override
    public Optional<String> refusal() {
        return refusal;
    }

    /** Closes the gate, with the reason an operator reads. */
    public void refuse(String why) {
        refusal = Optional.of(why);
    }

    /** Opens the gate: the role was checked and the bootstrap ran. */
    public void serve() {
        refusal = Optional.empty();
    }
}
