package sh.velocity.auth.api;

/**
 * The one authentication pipeline: reads a request's {@code Authorization} header (API keys and
 * access tokens alike, as {@code Bearer <credential>}) and says who the caller is, or why nobody.
 * It never throws: a store it cannot read is an outcome too, so the caller can fail closed.
 */
public interface BearerAuthenticator {

    /** @param authorizationHeader the header's value, or {@code null} when the request has none */
    AuthenticationOutcome authenticate(String authorizationHeader);
}
