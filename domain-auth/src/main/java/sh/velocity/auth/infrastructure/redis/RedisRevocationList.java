package sh.velocity.auth.infrastructure.redis;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import redis.clients.jedis.exceptions.JedisException;
import sh.velocity.auth.api.RevocationStatus;
import sh.velocity.auth.domain.RevocationList;

/**
 * Revocations as Redis keys {@code velocity:revoked:<kind>:<id>}, expiring after the given time.
 * A Redis that does not answer within the connection's timeout counts as unreachable, and the
 * caller fails closed. The client reconnects by itself when Redis is back.
 */
@ApplicationScoped
public class RedisRevocationList implements RevocationList, RevocationStatus {

    private static final String PREFIX = "velocity:revoked:";

    @Inject
    RedisConnection connection;

    @Override
    public boolean isRevoked(String kind, String id) throws Unavailable {
        try {
            return connection.client().exists(PREFIX + kind + ":" + id);
        } catch (JedisException e) {
            throw new Unavailable("Redis did not answer: " + e.getClass().getSimpleName());
        }
    }

    /** One MGET for all of them: a single round trip. */
    @Override
    public int firstRevoked(String... kindsAndIds) throws Unavailable {
        String[] keys = new String[kindsAndIds.length / 2];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = PREFIX + kindsAndIds[2 * i] + ":" + kindsAndIds[2 * i + 1];
        }
        try {
            java.util.List<String> values = connection.client().mget(keys);
            for (int i = 0; i < values.size(); i++) {
                if (values.get(i) != null) {
                    return i;
                }
            }
            return -1;
        } catch (JedisException e) {
            throw new Unavailable("Redis did not answer: " + e.getClass().getSimpleName());
        }
    }

    @Override
    public void revoke(String kind, String id, Duration ttl) throws Unavailable {
        try {
            connection.client().setex(PREFIX + kind + ":" + id, Math.max(1, ttl.toSeconds()), "1");
        } catch (JedisException e) {
            throw new Unavailable("Redis did not answer: " + e.getClass().getSimpleName());
        }
    }

    @Override
    public boolean reachable() {
        try {
            return "PONG".equals(connection.client().ping());
        } catch (JedisException e) {
            return false;
        }
    }
}
