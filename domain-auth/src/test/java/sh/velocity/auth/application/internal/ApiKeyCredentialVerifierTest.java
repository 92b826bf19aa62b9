package sh.velocity.auth.application.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import sh.velocity.auth.api.Authentication;
import sh.velocity.auth.domain.ApiKeyCodec;
import sh.velocity.auth.domain.RevocationList;
import sh.velocity.auth.infrastructure.persistence.JdbcApiKeys;

/**
 * A typo or a random string is refused by the format and checksum alone: the key store is not
 * consulted (a spy counts lookups). A well-formed key is looked up once.
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

    private static ApiKeyCredentialVerifier verifier(CountingKeys keys) {
        ApiKeyCredentialVerifier verifier = new ApiKeyCredentialVerifier();
        verifier.keys = keys;
        verifier.revocations = new RevocationList() {
            @Override
            public boolean isRevoked(String kind, String id) {
                return false;
            }

            @Override
            public void revoke(String kind, String id, Duration ttl) {
            }
        };
        return verifier;
    }

    /** The repository with its lookups counted and nothing found. */
    static final class CountingKeys extends JdbcApiKeys {
        int lookups;

        @Override
        public Optional<StoredKey> findByHash(String keyHash) {
            lookups++;
            return Optional.empty();
        }
    }

}
