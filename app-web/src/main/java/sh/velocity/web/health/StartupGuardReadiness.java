package sh.velocity.web.health;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import sh.velocity.compliance.api.ServingGate;

/** DOWN while the startup guard refuses to serve (misconfigured database role). */
@Readiness
@ApplicationScoped
public class StartupGuardReadiness implements HealthCheck {

    @Inject
    ServingGate gate;

    @Override
    public HealthCheckResponse call() {
        return gate.refusal()
                .map(reason -> HealthCheckResponse.named("database-role").down().withData("reason", reason).build())
                .orElseGet(() -> HealthCheckResponse.named("database-role").up().build());
    }
}
