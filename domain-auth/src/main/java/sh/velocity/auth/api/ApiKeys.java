package sh.velocity.auth.api;

import java.util.List;

/** Issues, lists and revokes API keys. */
public interface ApiKeys {

    /**
     * Issues a key for {@code principal} (defaults to {@code name}) valid for {@code ttl}
     * ({@code 30d}, {@code 12h}); each of {@code roles} is bound to the principal on every path.
     */
    IssuedApiKey create(String name, String principal, String ttl, List<String> roles);

    List<ApiKeyView> list(boolean expiredOnly);

    void revoke(String id);
}
