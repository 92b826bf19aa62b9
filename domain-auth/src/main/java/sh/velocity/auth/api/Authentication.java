package sh.velocity.auth.api;

import java.util.Optional;

/**
 * The outcome of checking a bearer credential: a principal, or the reason it was refused (for the
 * audit log; the client only ever sees "unauthenticated").
 */
public record Authentication(Optional<String> principal, String failure) {

    public static Authentication success(String principal) {
        return new Authentication(Optional.of(principal), null);
    }

    public static Authentication refused(String failure) {
        return new Authentication(Optional.empty(), failure);
    }
}
