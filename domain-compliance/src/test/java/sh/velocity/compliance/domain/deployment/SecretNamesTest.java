package sh.velocity.compliance.domain.deployment;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SecretNamesTest {

    @Test
    void passwordsKeysAndTokensWithLiteralValuesAreSecrets() {
        assertTrue(SecretNames.looksSecret("VELOCITY_DB_PASSWORD", "x7-very-secret"));
        assertTrue(SecretNames.looksSecret("VELOCITY_MASKING_HASH_KEY", "bXkta2V5"));
        assertTrue(SecretNames.looksSecret("dbPassword", "x7"));
        assertTrue(SecretNames.looksSecret("AWS_ACCESS_KEY_ID", "AKIAEXAMPLE"));
        assertTrue(SecretNames.looksSecret("github-token", "ghp_abc"));
    }

    @Test
    void pathsNumbersAndOtherSettingsAreNot() {
        assertFalse(SecretNames.looksSecret("VELOCITY_SEARCH_PASSWORD_FILE", "/etc/velocity/secrets/search-password"));
        assertFalse(SecretNames.looksSecret("VELOCITY_SECRETS_KEY_FILE", "secrets.key"));
        assertFalse(SecretNames.looksSecret("VELOCITY_PASSWORD_MIN_LENGTH", "12"));
        assertFalse(SecretNames.looksSecret("VELOCITY_API_KEY_ENVIRONMENT", "prod"));
        assertFalse(SecretNames.looksSecret("VELOCITY_TLS_KEYSTORE", "/etc/velocity/tls/keystore.p12"));
        assertFalse(SecretNames.looksSecret("VELOCITY_DB_PASSWORD", ""));
        assertFalse(SecretNames.looksSecret("VELOCITY_DB_USER", "velocity_api"));
    }
}
