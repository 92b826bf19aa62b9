package sh.velocity.auth.application.internal;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Identity settings. Each has an environment-variable override through MicroProfile Config
 * ({@code VELOCITY_API_KEY_ENVIRONMENT}, {@code VELOCITY_BOOTSTRAP_KEY_FILE}).
 */
@ApplicationScoped
public class AuthSettings {

    /** The {@code <env>} of issued keys ({@code vel_<env>_…}): tells a leaked dev key from a prod one. */
    @Inject
    @ConfigProperty(name = "velocity.api-key.environment", defaultValue = "dev")
    String keyEnvironment;

    /** Where the bootstrap admin key is written, once, with mode 0600. */
    @Inject
    @ConfigProperty(name = "velocity.bootstrap.key-file", defaultValue = "bootstrap-admin.key")
    String bootstrapKeyFile;

    /** Lifetime of the bootstrap key: long enough to set up real keys, not forever. */
    @Inject
    @ConfigProperty(name = "velocity.bootstrap.key-ttl", defaultValue = "30d")
    String bootstrapKeyTtl;

    public String keyEnvironment() {
        return keyEnvironment;
    }

    public String bootstrapKeyFile() {
        return bootstrapKeyFile;
    }

    public String bootstrapKeyTtl() {
        return bootstrapKeyTtl;
    }
}
