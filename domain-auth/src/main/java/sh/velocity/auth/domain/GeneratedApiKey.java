package sh.velocity.auth.domain;

import java.util.Objects;

/**
 * A freshly minted API key: the plaintext to hand to its owner exactly once, and what the platform
 * keeps instead of it (the SHA-256 {@code hashHex} stored as {@code platform.api_keys.key_hash}, and a
 * display {@code hint}).
 *
 * <p>{@link #toString()} never shows the plaintext, so the record can be logged or put in an error by
 * mistake without leaking the key.
 */
public record GeneratedApiKey(String plaintext, String hashHex, String hint) {

    public GeneratedApiKey {
        Objects.requireNonNull(plaintext, "plaintext");
        Objects.requireNonNull(hashHex, "hashHex");
        Objects.requireNonNull(hint, "hint");
    }

    @Override
    public String toString() {
        return "GeneratedApiKey[plaintext=<redacted>, hashHex=" + hashHex + ", hint=" + hint + "]";
    }
}
