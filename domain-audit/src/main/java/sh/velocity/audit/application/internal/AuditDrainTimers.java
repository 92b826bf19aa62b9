package sh.velocity.audit.application.internal;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.EJBException;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.Timer;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;
import sh.velocity.audit.domain.drain.SiemDrain;
import sh.velocity.audit.infrastructure.drain.ConfiguredDrains;

/**
 * Runs each configured SIEM drain on its own non-persistent timer, on every replica: one pass, then
 * the next one scheduled when the pass says (its interval, sooner after a short backoff or a pass cut
 * off by its time budget). Passes of one drain never overlap on a replica, and the drain's lock keeps
 * replicas from overlapping. Bean-managed concurrency, so two drains' passes run side by side, and
 * no container transaction: a pass opens its own.
 */
@Singleton
@Startup
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class AuditDrainTimers {

    private static final Logger LOG = Logger.getLogger(AuditDrainTimers.class.getName());

    @Resource
    TimerService timers;

    @Inject
    ConfiguredDrains configured;

    @Inject
    DrainPasses passes;

    private final Map<String, SiemDrain> drains = new ConcurrentHashMap<>();

    @PostConstruct
    void start() {
        for (SiemDrain drain : configured.all()) {
            drains.put(drain.settings().name(), drain);
            LOG.info("SIEM drain " + drain.settings().name() + " ships audit events to " + drain.destination()
                    + " every " + drain.settings().interval().toMillis() + " ms, in batches of up to "
                    + drain.settings().batchSize());
            schedule(drain.settings().name(), Duration.ofSeconds(1));
        }
    }

    @PreDestroy
    void stop() {
        passes.stop(configured.all());
    }

    @Timeout
    void run(Timer timer) {
        String name = (String) timer.getInfo();
        SiemDrain drain = drains.get(name);
        Duration next = drain.settings().interval();
        try {
            next = passes.pass(drain);
        } catch (RuntimeException e) {
            LOG.warning("SIEM drain " + name + ": the pass failed (" + e.getClass().getSimpleName() + "); retried in "
                    + next.toMillis() + " ms");
        } finally {
            if (!passes.stopping()) {
                schedule(name, next);
            }
        }
    }

    private void schedule(String name, Duration delay) {
        try {
            timers.createSingleActionTimer(Math.max(1, delay.toMillis()), new TimerConfig(name, false));
        } catch (IllegalStateException | EJBException e) {
            LOG.fine("SIEM drain " + name + " not rescheduled: the application is stopping");
        }
    }
}
