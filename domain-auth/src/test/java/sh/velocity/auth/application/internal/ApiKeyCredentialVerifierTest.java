package sh.velocity.auth.application.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import sh.velocity.auth.api.Authentication;
import sh.velocity.auth.domain.ApiKeyCodec;
import sh.velocity.auth.domain.RevocationList;
import sh.velocity.auth.infrastructure.persistence.JdbcApiKeys;
import sh.velocity.auth.infrastructure.persistence.JdbcApiKeys.StoredKey;

/**
 * A typo or a random string is refused by the format and checksum alone: the key store is not
 * consulted (a spy counts lookups). A well-formed key is looked up once; a usable key's row then
 * answers for a few seconds, while the revocation list is asked on every request.
 */
class ApiKeyCredentialVerifierTest {

    private final ApiKeyCodec codec = new ApiKeyCodec();

    @Test
    void aKeyWithAWrongChecksumIsRefusedWithoutAnyLookup() {
        CountingKeys keys = new CountingKeys();
        ApiKeyCredentialVerifier verifier = verifier(keys);
        String key = codec.generate("dev").plaintext();
        char last = key.charAt(key.length() - 1);
        String typo = key.substring(0, key.length() - 1) + (last == 'a' ? 'b' : 'a');

        for (String bad : new String[] {typo, "vel_dev_short", "Bearer junk", "", "x".repeat(5000)}) {
            Authentication outcome = verifier.verify(bad);
            assertTrue(outcome.principal().isEmpty(), bad);
        }
        assertEquals(0, keys.lookups, "no lookup for malformed credentials");

        verifier.verify(key);
        assertEquals(1, keys.lookups, "a well-formed key is looked up");
    }

    @Test
    void aUsableKeyIsLookedUpOnceButTheRevocationListIsAskedEveryTime() {
        String key = codec.generate("dev").plaintext();
        CountingKeys keys = finding(key, "k1", OffsetDateTime.now(ZoneOffset.UTC).plusHours(1), false);
        ListOf revoked = new ListOf();
        ApiKeyCredentialVerifier verifier = verifier(keys, revoked, 5);

        for (int i = 0; i < 3; i++) {
            assertEquals(Optional.of("svc-reports"), verifier.verify(key).principal());
        }
        assertEquals(1, keys.lookups, "the row is read once");
        assertEquals(3, revoked.asked, "the list is asked on every request");

        revoked.ids.add("k1");
        assertEquals("revoked key k1 (revocation list)", verifier.verify(key).failure(),
                "a revocation takes effect at once, copy or no copy");

        verifier.forget("k1");
        verifier.verify(key);
        assertEquals(2, keys.lookups, "a key this replica revoked or rotated is read again");
    }

    @Test
    void aRevokedRowIsReadAgainOnEveryRequest() {
        String key = codec.generate("dev").plaintext();
        CountingKeys keys = finding(key, "k2", null, true);
        ApiKeyCredentialVerifier verifier = verifier(keys, new ListOf(), 5);
        assertEquals("revoked key k2", verifier.verify(key).failure());
        assertEquals("revoked key k2", verifier.verify(key).failure());
        assertEquals(2, keys.lookups);
    }

    @Test
    void aCopiedKeyThatReachesItsExpiryIsRefused() {
        String key = codec.generate("dev").plaintext();
        CountingKeys keys = finding(key, "k3", OffsetDateTime.now(ZoneOffset.UTC).minusNanos(1), false);
        assertEquals("expired key k3", verifier(keys, new ListOf(), 5).verify(key).failure(),
                "expiry is judged from expires_at, not only from the flag the database computed");
    }

    /** A store that finds {@code key}'s row, key {@code id} of principal svc-reports, for any hash. */
    private CountingKeys finding(String key, String id, OffsetDateTime expiresAt, boolean revoked) {
        CountingKeys keys = new CountingKeys();
        keys.found = new StoredKey(id, "svc-reports", codec.hashHex(key), expiresAt, false, revoked);
        return keys;
    }

    private static ApiKeyCredentialVerifier verifier(CountingKeys keys) {
        return verifier(keys, new ListOf(), 0);
    }

    private static ApiKeyCredentialVerifier verifier(CountingKeys keys, RevocationList revocations,
                                                     long cacheSeconds) {
        ApiKeyCredentialVerifier verifier = new ApiKeyCredentialVerifier();
        verifier.keys = keys;
        verifier.revocations = revocations;
        verifier.settings = new AuthSettings();
        verifier.settings.keyCacheSeconds = cacheSeconds;
        verifier.init();
        return verifier;
    }

    /** A revocation list of ids, counting how often it is asked. */
    static final class ListOf implements RevocationList {
        final Set<String> ids = new HashSet<>();
        int asked;

        @Override
        public boolean isRevoked(String kind, String id) {
            asked++;
            return ids.contains(id);
        }

        @Override
        public void revoke(String kind, String id, Duration ttl) {
            ids.add(id);
        }
    }

    /** The repository with its lookups counted; {@code found} (null: nothing) for any hash. */
    static final class CountingKeys extends JdbcApiKeys {
        int lookups;
        StoredKey found;

        @Override
        public Optional<StoredKey> findByHash(String keyHash) {
            lookups++;
            return Optional.ofNullable(found);
        }
    }

}
