package sh.velocity.auth.application.internal;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Identity settings. Each has an environment-variable override through MicroProfile Config
 * ({@code VELOCITY_API_KEY_ENVIRONMENT}, {@code VELOCITY_BOOTSTRAP_KEY_FILE},
 * {@code VELOCITY_JWT_KEYS_FILE}, {@code VELOCITY_SECRETS_KEY_FILE}, …; docs/operations.md).
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

    /**
     * How long a key's row, once read, answers for the key without another lookup (ADR 0021); 0 reads
     * it on every request. Revocation is checked in Redis on every request regardless.
     */
    @Inject
    @ConfigProperty(name = "velocity.api-key.cache-seconds", defaultValue = "5")
    long keyCacheSeconds;

    /** How long a rotated key keeps working next to its successor. */
    @Inject
    @ConfigProperty(name = "velocity.api-key.rotation-overlap", defaultValue = "24h")
    String rotationOverlap;

    /** AES-256 key (32 random bytes, base64) sealing TOTP secrets; generated once when missing. */
    @Inject
    @ConfigProperty(name = "velocity.secrets.key-file", defaultValue = "velocity-secrets.key")
    String secretsKeyFile;

    /** The JWT signing keys (a JWK set with private keys); generated once when missing. */
    @Inject
    @ConfigProperty(name = "velocity.jwt.keys-file", defaultValue = "jwt-keys.json")
    String jwtKeysFile;

    @Inject
    @ConfigProperty(name = "velocity.jwt.issuer", defaultValue = "velocity")
    String jwtIssuer;

    @Inject
    @ConfigProperty(name = "velocity.jwt.audience", defaultValue = "velocity-api")
    String jwtAudience;

    /** Access tokens are short-lived: 15 minutes. */
    @Inject
    @ConfigProperty(name = "velocity.jwt.access-ttl-seconds", defaultValue = "900")
    long accessTtlSeconds;

    /** A refresh token (rotated on every use) lives 8 hours. */
    @Inject
    @ConfigProperty(name = "velocity.jwt.refresh-ttl-seconds", defaultValue = "28800")
    long refreshTtlSeconds;

    /** Users bound to any of these roles cannot log in without TOTP. */
    @Inject
    @ConfigProperty(name = "velocity.users.mfa-roles", defaultValue = "platform-admin,schema-admin")
    java.util.List<String> mfaRoles;

    @Inject
    @ConfigProperty(name = "velocity.password.min-length", defaultValue = "12")
    int passwordMinLength;

    public String keyEnvironment() {
        return keyEnvironment;
    }

    public String bootstrapKeyFile() {
        return bootstrapKeyFile;
    }

    public String bootstrapKeyTtl() {
        return bootstrapKeyTtl;
    }

    public long keyCacheSeconds() {
        return keyCacheSeconds;
    }

    public String rotationOverlap() {
        return rotationOverlap;
    }

    public String secretsKeyFile() {
        return secretsKeyFile;
    }

    public String jwtKeysFile() {
        return jwtKeysFile;
    }

    public String jwtIssuer() {
        return jwtIssuer;
    }

    public String jwtAudience() {
        return jwtAudience;
    }

    public java.time.Duration accessTtl() {
        return java.time.Duration.ofSeconds(accessTtlSeconds);
    }

    public java.time.Duration refreshTtl() {
        return java.time.Duration.ofSeconds(refreshTtlSeconds);
    }

    public java.util.List<String> mfaRoles() {
        return mfaRoles;
    }

    public int passwordMinLength() {
        return passwordMinLength;
    }
}
