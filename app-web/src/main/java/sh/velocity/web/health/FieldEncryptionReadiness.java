package sh.velocity.web.health;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import sh.velocity.records.api.KeyManagement;

/**
 * DOWN without a valid key-encryption key ({@code velocity.encryption.kek-file}): phi, pci and
 * secret values could be neither written nor read, so the server must not take traffic.
 */
@Readiness
@ApplicationScoped
public class FieldEncryptionReadiness implements HealthCheck {

    @Inject
    KeyManagement keys;

    @Override
    public HealthCheckResponse call() {
        return keys.unavailable()
                .map(reason -> HealthCheckResponse.named("field-encryption").down().withData("reason", reason).build())
                .orElseGet(() -> HealthCheckResponse.named("field-encryption").up().build());
    }
}
