package sh.velocity.auth.application.internal;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import sh.velocity.auth.infrastructure.persistence.JdbcApiKeys.StoredKey;

/**
 * Rows of usable API keys by key hash, each kept for a short time after it was read, so that a
 * client's every request does not look its key up again (ADR 0021). Only usable rows are kept: an
 * unknown, revoked or expired key is looked up on every request. Expiry is judged again on each use
 * from the row's {@code expires_at}. What a copy can miss for up to its lifetime is a change to the
 * row made elsewhere (another replica's revocation or rotation, an edit in SQL); a revocation still
 * takes effect at once through the revocation list, which is asked on every request. Bounded: when
 * full, stale copies are dropped, and a new key is not kept until there is room.
 */
final class StoredKeyCache {

    /** At most this many copies. */
    static final int MAX_ENTRIES = 10_000;

    private record Copy(StoredKey key, long readAt) {
    }

    private final ConcurrentHashMap<String, Copy> copies = new ConcurrentHashMap<>();
    private final long lifetimeNanos;
    private final LongSupplier nanoTime;

    /** {@code lifetimeSeconds} 0 or less: nothing is kept. */
    StoredKeyCache(long lifetimeSeconds, LongSupplier nanoTime) {
        this.lifetimeNanos = Math.max(0, lifetimeSeconds) * 1_000_000_000L;
        this.nanoTime = nanoTime;
    }

    /** The copy for {@code keyHash}, if one was read less than the lifetime ago. */
    Optional<StoredKey> fresh(String keyHash) {
        Copy copy = copies.get(keyHash);
        if (copy == null) {
            return Optional.empty();
        }
        if (nanoTime.getAsLong() - copy.readAt() >= lifetimeNanos) {
            copies.remove(keyHash, copy);
            return Optional.empty();
        }
        return Optional.of(copy.key());
    }

    /** Keeps a row just read, if it is usable and there is room. */
    void keep(String keyHash, StoredKey key) {
        if (lifetimeNanos == 0 || key.revoked() || key.expired()) {
            return;
        }
        long now = nanoTime.getAsLong();
        if (copies.size() >= MAX_ENTRIES) {
            copies.values().removeIf(c -> now - c.readAt() >= lifetimeNanos);
            if (copies.size() >= MAX_ENTRIES) {
                return;
            }
        }
        copies.put(keyHash, new Copy(key, now));
    }

    /** Drops the copy of key {@code id}: this replica revoked or rotated it. */
    void forget(String id) {
        copies.values().removeIf(c -> c.key().id().equals(id));
    }

    int size() {
        return copies.size();
    }
}
