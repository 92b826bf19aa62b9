package sh.velocity.auth.infrastructure.redis;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.exceptions.JedisException;
import sh.velocity.auth.api.RevocationStatus;
import sh.velocity.auth.domain.RevocationList;

/**
 * Revocations as Redis keys {@code velocity:revoked:<kind>:<id>} expiring with the credential.
 * Short timeouts (configurable, 500 ms default): a Redis that does not answer quickly counts as
 * unreachable, and the caller fails closed. The client reconnects by itself when Redis is back.
 */
@ApplicationScoped
public class RedisRevocationList implements RevocationList, RevocationStatus {

    private static final String PREFIX = "velocity:revoked:";

    @Inject
    @ConfigProperty(name = "velocity.redis.url", defaultValue = "redis://127.0.0.1:6379")
    String url;

    @Inject
    @ConfigProperty(name = "velocity.redis.timeout-ms", defaultValue = "500")
    int timeoutMillis;

    private RedisClient redis;

    @PostConstruct
    void connect() {
        URI uri = URI.create(url);
        JedisClientConfig config = DefaultJedisClientConfig.builder().connectionTimeoutMillis(timeoutMillis)
                .socketTimeoutMillis(timeoutMillis).ssl("rediss".equals(uri.getScheme())).build();
        redis = RedisClient.builder().hostAndPort(uri.getHost(), uri.getPort() < 0 ? 6379 : uri.getPort())
                .clientConfig(config).build();
    }

    @PreDestroy
    void close() {
        if (redis != null) {
            redis.close();
        }
    }

    @Override
    public boolean isRevoked(String kind, String id) throws Unavailable {
        try {
            return redis.exists(PREFIX + kind + ":" + id);
        } catch (JedisException e) {
            throw new Unavailable("Redis did not answer: " + e.getClass().getSimpleName());
        }
    }

    @Override
    public void revoke(String kind, String id, Duration ttl) throws Unavailable {
        try {
            redis.setex(PREFIX + kind + ":" + id, Math.max(1, ttl.toSeconds()), "1");
        } catch (JedisException e) {
            throw new Unavailable("Redis did not answer: " + e.getClass().getSimpleName());
        }
    }

    @Override
    public boolean reachable() {
        try {
            return "PONG".equals(redis.ping());
        } catch (JedisException e) {
            return false;
        }
    }
}
