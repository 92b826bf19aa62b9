package sh.velocity.compliance.domain.deployment;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Tells a setting that holds a secret from one that does not, by its name and value: {@code
 * VELOCITY_DB_PASSWORD} or {@code masking-hash-key} with a literal value is a secret in the
 * repository; {@code VELOCITY_SEARCH_PASSWORD_FILE} (a path), {@code VELOCITY_PASSWORD_MIN_LENGTH=12}
 * (a number) or {@code VELOCITY_API_KEY_ENVIRONMENT=prod} are not.
 */
final class SecretNames {

    private static final Set<String> SECRET_WORDS = Set.of("password", "passwd", "pwd", "passphrase", "secret",
            "secrets", "token", "credential", "credentials", "apikey", "privatekey", "accesskey", "secretkey");
    private static final Set<String> REFERENCE_WORDS = Set.of("file", "path", "dir", "url", "uri", "ref", "name");

    private SecretNames() {
    }

    static boolean looksSecret(String name, String value) {
        if (value == null || value.isBlank() || value.matches("-?\\d+") || value.equalsIgnoreCase("true")
                || value.equalsIgnoreCase("false") || value.startsWith("/")) {
            return false;
        }
        List<String> words = words(name);
        if (words.isEmpty() || REFERENCE_WORDS.contains(words.get(words.size() - 1))) {
            return false;
        }
        if (words.stream().anyMatch(SECRET_WORDS::contains)) {
            return true;
        }
        String last = words.get(words.size() - 1);
        return last.equals("key") || String.join("_", words).contains("access_key_id");
    }

    /** {@code VELOCITY_DB_PASSWORD}, {@code dbPassword}, {@code db-password} → {@code [velocity, db, password]}. */
    private static List<String> words(String name) {
        String spaced = name.replaceAll("([a-z0-9])([A-Z])", "$1_$2");
        return Arrays.stream(spaced.toLowerCase(Locale.ROOT).split("[^a-z0-9]+")).filter(w -> !w.isEmpty()).toList();
    }
}
