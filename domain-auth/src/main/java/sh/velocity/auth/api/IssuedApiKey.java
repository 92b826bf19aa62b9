package sh.velocity.auth.api;

import java.time.OffsetDateTime;

/** The one response that carries a key's plaintext; {@link #toString()} hides it. */
public record IssuedApiKey(String id, String name, String principal, String key, OffsetDateTime expiresAt) {

    @Override
    public String toString() {
        return "IssuedApiKey[id=" + id + ", name=" + name + ", principal=" + principal + ", key=<redacted>]";
    }
}
