package sh.velocity.auth.infrastructure.redis;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;
import redis.clients.jedis.exceptions.JedisException;
import sh.velocity.auth.api.Throttles;

/**
 * Lockout counters (per source address, and per user for logins) and token buckets in Redis. Each request's decision is one atomic Lua script
 * (one round trip), so replicas share the limits exactly and concurrent requests cannot overspend
 * a bucket. Settings (with
 * environment overrides), read again at most every 5 s so a change in force needs no restart:
 * {@code velocity.lockout.attempts} 5, {@code .window-seconds} 900, {@code .duration-seconds} 900;
 * {@code velocity.rate-limit.credential.capacity} 200, {@code .credential.per-second} 100,
 * {@code .ip.capacity} 2000, {@code .ip.per-second} 1000. A value that is not a number keeps the
 * default; a value below 1 makes the store refuse (the scripts cannot divide by it), so every
 * request fails closed with 503 and the hardening checklist names the setting.
 */
@ApplicationScoped
public class RedisThrottles implements Throttles {

    /**
     * KEYS: lock, failures, credential bucket, source bucket. ARGV: verified (1/0), credential
     * capacity and refill/s, source capacity and refill/s, now (ms). Returns {locked ms, wait ms}.
     */
    private static final String ADMIT = """
            local function spend(key, capacity, rate, now)
              local b = redis.call('HMGET', key, 't', 'at')
              local tokens = tonumber(b[1]) or capacity; local at = tonumber(b[2]) or now
              tokens = math.min(capacity, tokens + (now - at) * rate / 1000)
              local wait = 0
              if tokens >= 1 then tokens = tokens - 1 else wait = math.ceil((1 - tokens) * 1000 / rate) end
              redis.call('HSET', key, 't', tokens, 'at', now)
              redis.call('PEXPIRE', key, math.ceil(capacity * 1000 / rate) + 1000)
              return wait
            end
            local locked = redis.call('PTTL', KEYS[1])
            if locked > 0 then return {locked, 0} end
            local now = tonumber(ARGV[6]); local wait = 0
            if ARGV[1] == '1' then
              redis.call('DEL', KEYS[2])
              wait = spend(KEYS[3], tonumber(ARGV[2]), tonumber(ARGV[3]), now)
            end
            if wait == 0 then wait = spend(KEYS[4], tonumber(ARGV[4]), tonumber(ARGV[5]), now) end
            return {0, wait}
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

    /** How long a read of the settings stays in force before configuration is read again. */
    private static final long SETTINGS_TTL_NANOS = 5_000_000_000L;

    @Inject
    Config config;

    private volatile Settings settings;
    private volatile long settingsReadAt;

    @Inject
    RedisConnection connection;

    @Override
    public Admission admit(String principal, String sourceIp) throws Unavailable {
        boolean verified = principal != null;
        Settings s = settings();
        try {
            List<?> r = (List<?>) connection.client().eval(ADMIT,
                    List.of("velocity:lockout:ip:" + sourceIp, "velocity:failures:ip:" + sourceIp,
                            "velocity:bucket:principal:" + (verified ? principal : ""), "velocity:bucket:ip:" + sourceIp),
                    List.of(verified ? "1" : "0", Integer.toString(s.credentialCapacity()),
                            Integer.toString(s.credentialPerSecond()), Integer.toString(s.ipCapacity()),
                            Integer.toString(s.ipPerSecond()),
                            Long.toString(System.currentTimeMillis())));
            long locked = (Long) r.get(0);
            long wait = (Long) r.get(1);
            return new Admission(locked > 0 ? Optional.of(Duration.ofMillis(locked)) : Optional.empty(),
                    wait > 0 ? Optional.of(Duration.ofMillis(wait)) : Optional.empty());
        } catch (JedisException e) {
            throw new Unavailable("Redis did not answer: " + e.getClass().getSimpleName());
        }
    }

    @Override
    public boolean recordFailure(String sourceIp) throws Unavailable {
        return countFailure("velocity:failures:ip:" + sourceIp, "velocity:lockout:ip:" + sourceIp);
    }

    @Override
    public Optional<Duration> subjectLockedOut(String subject) throws Unavailable {
        try {
            long ttl = connection.client().pttl("velocity:lockout:subject:" + subject);
            return ttl > 0 ? Optional.of(Duration.ofMillis(ttl)) : Optional.empty();
        } catch (JedisException e) {
            throw new Unavailable("Redis did not answer: " + e.getClass().getSimpleName());
        }
    }

    @Override
    public boolean recordSubjectFailure(String subject) throws Unavailable {
        return countFailure("velocity:failures:subject:" + subject, "velocity:lockout:subject:" + subject);
    }

    @Override
    public void clearSubjectFailures(String subject) throws Unavailable {
        try {
            connection.client().del("velocity:failures:subject:" + subject);
        } catch (JedisException e) {
            throw new Unavailable("Redis did not answer: " + e.getClass().getSimpleName());
        }
    }

    private boolean countFailure(String counter, String lock) throws Unavailable {
        Settings s = settings();
        try {
            Object locked = connection.client().eval(FAILURE, List.of(counter, lock), List.of(
                    Integer.toString(s.lockoutAttempts()), Integer.toString(s.lockoutWindowSeconds()),
                    Integer.toString(s.lockoutSeconds())));
            return Long.valueOf(1).equals(locked);
        } catch (JedisException e) {
            throw new Unavailable("Redis did not answer: " + e.getClass().getSimpleName());
        }
    }

    @Override
    public Settings settings() {
        Settings current = settings;
        long now = System.nanoTime();
        if (current == null || now - settingsReadAt > SETTINGS_TTL_NANOS) {
            current = new Settings(setting("velocity.lockout.attempts", 5), setting("velocity.lockout.window-seconds", 900),
                    setting("velocity.lockout.duration-seconds", 900), setting("velocity.rate-limit.credential.capacity", 200),
                    setting("velocity.rate-limit.credential.per-second", 100), setting("velocity.rate-limit.ip.capacity", 2000),
                    setting("velocity.rate-limit.ip.per-second", 1000));
            settings = current;
            settingsReadAt = now;
        }
        return current;
    }

    private int setting(String key, int fallback) {
        try {
            return config.getOptionalValue(key, String.class).map(String::trim).filter(v -> !v.isEmpty())
                    .map(Integer::parseInt).orElse(fallback);
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
