package sh.velocity.auth.api;

import java.util.Optional;

/**
 * The outcome of checking a bearer credential: a principal; or the reason it was refused (for the
 * audit log; the client only ever sees "unauthenticated"); or that the revocation list could not
 * be consulted, in which case the request must be refused as unavailable (fail closed).
 */
public record Authentication(Optional<String> principal, String failure, String revocationUnavailable) {

    public static Authentication success(String principal) {
        return new Authentication(Optional.of(principal), null, null);
    }

    public static Authentication refused(String failure) {
        return new Authentication(Optional.empty(), failure, null);
    }

    public static Authentication unverifiable(String why) {
        return new Authentication(Optional.empty(), null, why);
    }
}
