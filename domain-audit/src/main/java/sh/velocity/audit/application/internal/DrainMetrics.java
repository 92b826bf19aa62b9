package sh.velocity.audit.application.internal;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.function.Supplier;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.MetricUnits;
import org.eclipse.microprofile.metrics.Tag;

/**
 * The drains' metrics, one series per drain (tag {@code drain}), in the application registry:
 * {@code velocity_audit_drain_events_shipped_total}, {@code velocity_audit_drain_failures_total}
 * (deliveries the destination did not take) and the gauge {@code velocity_audit_drain_lag_events}
 * (events of the drained chains not yet shipped, as of the drain's last pass on this replica).
 */
@ApplicationScoped
public class DrainMetrics {

    @Inject
    MetricRegistry registry;

    /** One drain's counters, registered once: the registry refuses a second lookup without the metadata. */
    record DrainCounters(Counter shipped, Counter failed) {
    }

    DrainCounters register(String drain, Supplier<Long> lag) {
        Tag tag = tag(drain);
        Counter shipped = registry.counter(Metadata.builder().withName("velocity_audit_drain_events_shipped")
                .withDescription("Audit events a SIEM drain's destination accepted.").withUnit(MetricUnits.NONE)
                .build(), tag);
        Counter failed = registry.counter(Metadata.builder().withName("velocity_audit_drain_failures")
                .withDescription("Deliveries a SIEM drain's destination did not accept (each is retried).")
                .withUnit(MetricUnits.NONE).build(), tag);
        registry.gauge(Metadata.builder().withName("velocity_audit_drain_lag_events")
                .withDescription("Audit events a SIEM drain has not shipped yet.").withUnit(MetricUnits.NONE).build(),
                lag, tag);
        return new DrainCounters(shipped, failed);
    }

    private static Tag tag(String drain) {
        return new Tag("drain", drain);
    }
}
