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

    /**
     * A new key for the same name and principal (so the same role bindings), living {@code ttl}
     * (default: as long as the old one was made to live); the old key keeps working for
     * {@code overlap} (default {@code velocity.api-key.rotation-overlap}, 24h) and then expires, so
     * clients can switch without downtime. The new key's plaintext appears only here.
     */
    IssuedApiKey rotate(String id, String overlap, String ttl);
}
