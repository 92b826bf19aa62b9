package sh.velocity.cli.config;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One named server: its URL (the server's root, without {@code /api/v1}), the API key, and the CA
 * certificate file that vouches for its TLS certificate, if not a public one. {@link #toString()}
 * never shows the key.
 */
public record Profile(String name, String url, String apiKey, String caCert) {

    static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

    public Profile {
        Objects.requireNonNull(name, "name");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("a profile name is letters, digits, '.', '_' and '-' (up to 64)");
        }
    }

    @Override
    public String toString() {
        return "Profile[name=" + name + ", url=" + url + ", apiKey=" + (apiKey == null ? "none" : "***")
                + ", caCert=" + caCert + "]";
    }
}
