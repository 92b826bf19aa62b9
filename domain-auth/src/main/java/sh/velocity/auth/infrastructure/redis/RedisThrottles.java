package sh.velocity.auth.infrastructure.redis;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import redis.clients.jedis.exceptions.JedisException;
import sh.velocity.auth.api.Throttles;

/**
 * Lockout counters and token buckets in Redis. Each decision is one atomic Lua script, so replicas
 * share the limits exactly and concurrent requests cannot overspend a bucket. Settings (with
 * environment overrides): {@code velocity.lockout.attempts} 5, {@code .window-seconds} 900,
 * {@code .duration-seconds} 900; {@code velocity.rate-limit.credential.capacity} 200,
 * {@code .credential.per-second} 100, {@code .ip.capacity} 2000, {@code .ip.per-second} 1000.
 */
@ApplicationScoped
public class RedisThrottles implements Throttles {

    /** KEYS[1] bucket; ARGV capacity, refill per second, now (ms). Returns {allowed, retry-after ms}. */
    private static final String BUCKET = """
            local b = redis.call('HMGET', KEYS[1], 't', 'at')
            local capacity = tonumber(ARGV[1]); local rate = tonumber(ARGV[2]); local now = tonumber(ARGV[3])
            local tokens = tonumber(b[1]) or capacity; local at = tonumber(b[2]) or now
            tokens = math.min(capacity, tokens + (now - at) * rate / 1000)
            local allowed = 0; local wait = 0
            if tokens >= 1 then tokens = tokens - 1; allowed = 1 else wait = math.ceil((1 - tokens) * 1000 / rate) end
            redis.call('HSET', KEYS[1], 't', tokens, 'at', now)
            redis.call('PEXPIRE', KEYS[1], math.ceil(capacity * 1000 / rate) + 1000)
            return {allowed, wait}
            """;

    /** KEYS[1] counter, KEYS[2] lock; ARGV attempts, window s, lock s. Returns 1 when it locked. */
    private static final String FAILURE = """
            local n = redis.call('INCR', KEYS[1])
            if n == 1 then redis.call('EXPIRE', KEYS[1], tonumber(ARGV[2])) end
            if n >= tonumber(ARGV[1]) then
              redis.call('SET', KEYS[2], '1', 'EX', tonumber(ARGV[3])); redis.call('DEL', KEYS[1]); return 1
            end
            return 0
            """;

    @Inject
    @ConfigProperty(name = "velocity.lockout.attempts", defaultValue = "5")
    int attempts;

    @Inject
    @ConfigProperty(name = "velocity.lockout.window-seconds", defaultValue = "900")
    int windowSeconds;

    @Inject
    @ConfigProperty(name = "velocity.lockout.duration-seconds", defaultValue = "900")
    int lockSeconds;

    @Inject
    @ConfigProperty(name = "velocity.rate-limit.credential.capacity", defaultValue = "200")
    int credentialCapacity;

    @Inject
    @ConfigProperty(name = "velocity.rate-limit.credential.per-second", defaultValue = "100")
    int credentialRate;

    @Inject
    @ConfigProperty(name = "velocity.rate-limit.ip.capacity", defaultValue = "2000")
    int ipCapacity;

    @Inject
    @ConfigProperty(name = "velocity.rate-limit.ip.per-second", defaultValue = "1000")
    int ipRate;

    @Inject
    RedisConnection connection;

    @Override
    public Optional<Duration> lockedOut(String sourceIp) throws Unavailable {
        try {
            long ttl = connection.client().ttl("velocity:lockout:ip:" + sourceIp);
            return ttl > 0 ? Optional.of(Duration.ofSeconds(ttl)) : Optional.empty();
        } catch (JedisException e) {
            throw new Unavailable("Redis did not answer: " + e.getClass().getSimpleName());
        }
    }

    @Override
    public boolean recordFailure(String sourceIp) throws Unavailable {
        try {
            Object locked = connection.client().eval(FAILURE, List.of("velocity:failures:ip:" + sourceIp, "velocity:lockout:ip:" + sourceIp),
                    List.of(Integer.toString(attempts), Integer.toString(windowSeconds), Integer.toString(lockSeconds)));
            return Long.valueOf(1).equals(locked);
        } catch (JedisException e) {
            throw new Unavailable("Redis did not answer: " + e.getClass().getSimpleName());
        }
    }

    @Override
    public void recordSuccess(String sourceIp) throws Unavailable {
        try {
            connection.client().del("velocity:failures:ip:" + sourceIp);
        } catch (JedisException e) {
            throw new Unavailable("Redis did not answer: " + e.getClass().getSimpleName());
        }
    }

    @Override
    public Optional<Duration> rateLimit(String principal, String sourceIp) throws Unavailable {
        long now = System.currentTimeMillis();
        Optional<Duration> byCredential = spend("velocity:bucket:principal:" + principal, credentialCapacity,
                credentialRate, now);
        return byCredential.isPresent() ? byCredential
                : spend("velocity:bucket:ip:" + sourceIp, ipCapacity, ipRate, now);
    }

    private Optional<Duration> spend(String key, int capacity, int rate, long now) throws Unavailable {
        try {
            List<?> r = (List<?>) connection.client().eval(BUCKET, List.of(key),
                    List.of(Integer.toString(capacity), Integer.toString(rate), Long.toString(now)));
            return ((Long) r.get(0)) == 1L ? Optional.empty() : Optional.of(Duration.ofMillis((Long) r.get(1)));
        } catch (JedisException e) {
            throw new Unavailable("Redis did not answer: " + e.getClass().getSimpleName());
        }
    }
}
