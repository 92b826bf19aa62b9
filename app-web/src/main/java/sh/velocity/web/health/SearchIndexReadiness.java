package sh.velocity.web.health;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;
import sh.velocity.records.api.SearchStatus;

/**
 * {@code search-index}: the state of search tier 3 as this replica sees it, {@code state} {@code ok}
 * or {@code degraded} (the engine unreachable, or a tier-3 outbox more than
 * {@code velocity.search.max-lag-seconds} behind), with the lag per record type. It stays UP when
 * degraded, on purpose: every search is still answered (by tier 2), so taking the replica out of
 * service would turn a slower search into no service at all. Alert on
 * {@code velocity_outbox_oldest_unpublished_seconds} or on this check's {@code state}.
 */
@Readiness
@ApplicationScoped
public class SearchIndexReadiness implements HealthCheck {

    @Inject
    SearchStatus search;

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder b = HealthCheckResponse.named("search-index").up();
        if (!search.engineConfigured()) {
            return b.withData("state", "tier 2 only").build();
        }
        boolean degraded = !search.engineReachable();
        long worst = 0;
        for (var e : search.lags().entrySet()) {
            long oldest = Math.round(e.getValue().oldestSeconds());
            worst = Math.max(worst, oldest);
            b.withData(e.getKey(), e.getValue().unpublished() + " unpublished, oldest " + oldest + " s");
            degraded |= oldest > search.maxLagSeconds();
        }
        return b.withData("state", degraded ? "degraded" : "ok").withData("engine", search.engineReachable()
                ? "reachable" : "unreachable").withData("oldestUnpublishedSeconds", worst).build();
    }
}
