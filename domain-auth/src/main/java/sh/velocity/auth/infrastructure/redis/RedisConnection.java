package sh.velocity.auth.infrastructure.redis;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.RedisClient;

/**
 * The one Redis client of the server, for revocations, lockout and rate limits. Read from
 * {@code velocity.redis.url}: {@code redis://[user:password@]host[:port][/db]}, {@code rediss://}
 * for TLS. Short timeouts ({@code velocity.redis.timeout-ms}, 500): a Redis that does not answer
 * quickly counts as unreachable. The password is never logged.
 */
@ApplicationScoped
public class RedisConnection {

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
        DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(timeoutMillis).socketTimeoutMillis(timeoutMillis)
                .ssl("rediss".equals(uri.getScheme()));
        if (uri.getRawUserInfo() != null) {
            String[] userInfo = uri.getRawUserInfo().split(":", 2);
            if (userInfo.length == 2) {
                if (!userInfo[0].isEmpty()) {
                    config.user(URLDecoder.decode(userInfo[0], StandardCharsets.UTF_8));
                }
                config.password(URLDecoder.decode(userInfo[1], StandardCharsets.UTF_8));
            } else {
                config.password(URLDecoder.decode(userInfo[0], StandardCharsets.UTF_8));
            }
        }
        String path = uri.getPath();
        if (path != null && path.length() > 1) {
            config.database(Integer.parseInt(path.substring(1)));
        }
        redis = RedisClient.builder().hostAndPort(uri.getHost(), uri.getPort() < 0 ? 6379 : uri.getPort())
                .clientConfig(config.build()).build();
    }

    @PreDestroy
    void close() {
        if (redis != null) {
            redis.close();
        }
    }

    RedisClient client() {
        return redis;
    }
}
