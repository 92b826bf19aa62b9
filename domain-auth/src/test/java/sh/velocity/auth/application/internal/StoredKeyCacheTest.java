package sh.velocity.auth.application.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import sh.velocity.auth.infrastructure.persistence.JdbcApiKeys.StoredKey;

class StoredKeyCacheTest {

    private static final long SECOND = 1_000_000_000L;

    private final AtomicLong clock = new AtomicLong(42 * SECOND);
    private final StoredKeyCache cache = new StoredKeyCache(5, clock::get);

    private static StoredKey usable(String id) {
        return new StoredKey(id, "svc-" + id, "h-" + id, OffsetDateTime.now(ZoneOffset.UTC).plusDays(1), false, false);
    }

    @Test
    void aCopyAnswersForItsLifetimeAndNotAfter() {
        cache.keep("h-a", usable("a"));
        clock.addAndGet(5 * SECOND - 1);
        assertEquals("svc-a", cache.fresh("h-a").orElseThrow().principal());
        clock.addAndGet(1);
        assertTrue(cache.fresh("h-a").isEmpty(), "read again once the lifetime is over");
        assertEquals(0, cache.size(), "and the stale copy is gone");
    }

    @Test
    void revokedAndExpiredRowsAreNeverKept() {
        cache.keep("h-r", new StoredKey("r", "svc", "h-r", null, false, true));
        cache.keep("h-e", new StoredKey("e", "svc", "h-e", OffsetDateTime.now(ZoneOffset.UTC).minusSeconds(1), true,
                false));
        assertTrue(cache.fresh("h-r").isEmpty());
        assertTrue(cache.fresh("h-e").isEmpty());
    }

    @Test
    void aKeyThisReplicaRevokedOrRotatedIsForgottenAtOnce() {
        cache.keep("h-a", usable("a"));
        cache.keep("h-b", usable("b"));
        cache.forget("a");
        assertTrue(cache.fresh("h-a").isEmpty());
        assertTrue(cache.fresh("h-b").isPresent());
    }

    @Test
    void aLifetimeOfZeroKeepsNothing() {
        StoredKeyCache off = new StoredKeyCache(0, clock::get);
        off.keep("h-a", usable("a"));
        assertTrue(off.fresh("h-a").isEmpty());
    }

    @Test
    void whenFullStaleCopiesMakeRoomAndOtherwiseNewKeysAreNotKept() {
        for (int i = 0; i < StoredKeyCache.MAX_ENTRIES; i++) {
            cache.keep("h-" + i, usable(Integer.toString(i)));
        }
        cache.keep("h-new", usable("new"));
        assertTrue(cache.fresh("h-new").isEmpty(), "no room: looked up every time, memory stays bounded");
        assertEquals(StoredKeyCache.MAX_ENTRIES, cache.size());

        clock.addAndGet(5 * SECOND);
        cache.keep("h-new", usable("new"));
        assertTrue(cache.fresh("h-new").isPresent());
        assertEquals(1, cache.size(), "the stale copies were dropped");
    }

    @Test
    void expiryIsJudgedAgainOnEachUseOfACopy() {
        StoredKey key = new StoredKey("a", "svc", "h-a", OffsetDateTime.parse("2026-11-24T06:00:00Z"), false, false);
        assertFalse(key.expiredAt(java.time.Instant.parse("2026-11-24T05:59:59.999Z")));
        assertTrue(key.expiredAt(java.time.Instant.parse("2026-11-24T06:00:00Z")));
        assertFalse(new StoredKey("b", "svc", "h-b", null, false, false).expiredAt(java.time.Instant.MAX));
    }
}
