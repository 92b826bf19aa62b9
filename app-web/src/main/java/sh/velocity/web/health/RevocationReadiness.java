package sh.velocity.web.health;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import sh.velocity.auth.api.RevocationStatus;

/** DOWN while the revocation list (Redis) does not answer: every authenticated call is refused then. */
@Readiness
@ApplicationScoped
public class RevocationReadiness implements HealthCheck {

    @Inject
    RevocationStatus revocations;

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("revocation-list").status(revocations.reachable()).build();
    }
}
