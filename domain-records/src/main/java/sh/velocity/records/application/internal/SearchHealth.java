package sh.velocity.records.application.internal;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.MetricUnits;
import org.eclipse.microprofile.metrics.Tag;
import sh.velocity.records.api.SearchStatus;
import sh.velocity.records.domain.search.LagHistory;
import sh.velocity.records.domain.search.SearchEngine;
import sh.velocity.records.infrastructure.persistence.JdbcOutbox;
import sh.velocity.records.infrastructure.search.ConfiguredSearchEngine;
import sh.velocity.schema.api.RecordType;

/**
 * Whether tier 3 may answer a search, from what this replica last saw: the engine reachable (a
 * failed call marks it down; it is probed again at most every five seconds), and the record type's
 * outbox no further behind than {@code velocity.search.max-lag-seconds} (default 30; measured by the
 * relay each pass). When it may not, the search falls back to tier 2: one WARN line naming the cause
 * and the counter {@code velocity_search_fallback_total}. The gauges
 * {@code velocity_outbox_unpublished} and {@code velocity_outbox_oldest_unpublished_seconds} sum and
 * maximise the lag over the tier-3 record types. Each measurement also goes into this server's
 * in-memory {@link LagHistory} (the worst lag per minute over the last hour) for the console's chart.
 */
@ApplicationScoped
public class SearchHealth implements SearchStatus {

    private static final Logger LOG = Logger.getLogger(SearchHealth.class.getName());
    private static final long PROBE_INTERVAL_NANOS = 5_000_000_000L;

    @Inject
    ConfiguredSearchEngine configured;

    @Inject
    MetricRegistry registry;

    @Inject
    @ConfigProperty(name = "velocity.search.max-lag-seconds", defaultValue = "30")
    long maxLagSeconds;

    private final Map<String, JdbcOutbox.Lag> lags = new ConcurrentHashMap<>();
    private final LagHistory history = new LagHistory();
    private volatile boolean engineUp = true;
    private final AtomicLong lastProbe = new AtomicLong(System.nanoTime() - PROBE_INTERVAL_NANOS);
    private Counter fallbacks;
    private Counter indexed;

    @PostConstruct
    void init() {
        fallbacks = registry.counter(Metadata.builder().withName("velocity_search_fallback")
                .withDescription("Searches of tier-3 record types answered by PostgreSQL (tier 2) instead.")
                .withUnit(MetricUnits.NONE).build(), new Tag("tier", "2"));
        indexed = registry.counter(Metadata.builder().withName("velocity_search_indexed")
                .withDescription("Outbox rows this replica wrote to the search engine.")
                .withUnit(MetricUnits.NONE).build());
        registry.gauge(Metadata.builder().withName("velocity_outbox_unpublished")
                .withDescription("Outbox rows of tier-3 record types not yet in the search engine.")
                .withUnit(MetricUnits.NONE).build(),
                () -> lags.values().stream().mapToLong(JdbcOutbox.Lag::unpublished).sum());
        registry.gauge(Metadata.builder().withName("velocity_outbox_oldest_unpublished_seconds")
                .withDescription("Age of the oldest outbox row of a tier-3 record type not yet in the search engine.")
                .withUnit(MetricUnits.SECONDS).build(),
                () -> lags.values().stream().mapToDouble(JdbcOutbox.Lag::oldestSeconds).max().orElse(0));
    }

    /** The configured engine, if any. */
    public Optional<SearchEngine> engine() {
        return configured.engine();
    }

    /** Why tier 3 may not answer for this record type now; empty when it may. */
    public Optional<String> unusable(RecordType type) {
        Optional<SearchEngine> engine = configured.engine();
        if (engine.isEmpty()) {
            return Optional.of("no search engine is configured (velocity.search.url)");
        }
        if (!engineUp) {
            long last = lastProbe.get();
            if (System.nanoTime() - last >= PROBE_INTERVAL_NANOS && lastProbe.compareAndSet(last, System.nanoTime())) {
                engineUp = engine.get().reachable();
            }
            if (!engineUp) {
                return Optional.of("the search engine is unreachable");
            }
        }
        JdbcOutbox.Lag lag = lags.get(type.path().toString());
        if (lag == null) {
            return Optional.of("the search index of " + type.path() + " has not been fed yet on this server");
        }
        if (lag.oldestSeconds() > maxLagSeconds) {
            return Optional.of(String.format("the search index of %s is %.0f s behind (%d events; limit %d s)",
                    type.path(), lag.oldestSeconds(), lag.unpublished(), maxLagSeconds));
        }
        return Optional.empty();
    }

    /** Logs and counts one search answered by tier 2 instead of tier 3. */
    public void fellBack(RecordType type, String cause) {
        fallbacks.inc();
        LOG.warning("Search on " + type.path() + " answered from tier 2 (PostgreSQL): " + cause);
    }

    /** Counts rows this replica wrote to the engine. */
    public void indexed(int rows) {
        indexed.inc(rows);
    }

    public void engineFailed(String why) {
        if (engineUp) {
            LOG.warning("Search tier 3 marked down: " + why);
        }
        engineUp = false;
        lastProbe.set(System.nanoTime());
    }

    public void engineAnswered() {
        if (!engineUp) {
            LOG.info("Search tier 3 is reachable again");
        }
        engineUp = true;
    }

    public boolean engineUp() {
        return engineUp;
    }

    public void lag(RecordType type, JdbcOutbox.Lag lag) {
        lags.put(type.path().toString(), lag);
        history.record(type.path().toString(), Instant.now(), lag.unpublished(), lag.oldestSeconds());
    }

    /** The last lag seen per tier-3 record type. */
    public Map<String, JdbcOutbox.Lag> outboxLags() {
        return Map.copyOf(lags);
    }

    @Override
    public Map<String, SearchStatus.Lag> lags() {
        Map<String, SearchStatus.Lag> out = new java.util.TreeMap<>();
        lags.forEach((path, lag) -> out.put(path, new SearchStatus.Lag(lag.unpublished(), lag.oldestSeconds())));
        return out;
    }

    @Override
    public Map<String, List<SearchStatus.LagSample>> lagHistory() {
        Map<String, List<SearchStatus.LagSample>> out = new java.util.TreeMap<>();
        history.since(Instant.now()).forEach((path, samples) -> out.put(path, samples.stream()
                .map(s -> new SearchStatus.LagSample(s.minute(), s.unpublished(), s.oldestSeconds())).toList()));
        return out;
    }

    @Override
    public boolean engineConfigured() {
        return configured.engine().isPresent();
    }

    @Override
    public boolean engineReachable() {
        return engineConfigured() && engineUp;
    }

    @Override
    public long maxLagSeconds() {
        return maxLagSeconds;
    }
}
