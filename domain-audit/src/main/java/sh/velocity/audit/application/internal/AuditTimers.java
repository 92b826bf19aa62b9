package sh.velocity.audit.application.internal;

import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.util.logging.Logger;
import sh.velocity.audit.api.AuditRetention;
import sh.velocity.audit.infrastructure.persistence.JdbcRetention;
import sh.velocity.kernel.request.RequestContext;

/**
 * The audit log's background work, on every replica (non-persistent timers; a second replica's
 * identical checkpoint is dropped by the primary key): seal the chains into signed checkpoints every
 * minute, create each organisation's month partitions three months ahead every hour, and apply
 * retention once a day (two replicas running it at once are serialised by the partition row lock
 * in {@code audit_retention_drop}; the second finds the month gone). The singleton's lock runs
 * them one at a time; the tamper monitor has a timer of its own ({@link AuditMonitorTimer}).
 */
@Singleton
public class AuditTimers {

    @Inject
    CheckpointSealer sealer;

    @Inject
    JdbcRetention partitions;

    @Inject
    AuditRetention retention;

    @Inject
    RequestContext request;

    private static final Logger LOG = Logger.getLogger(AuditTimers.class.getName());

    /** Months created ahead of the current one. */
    static final int MONTHS_AHEAD = 3;

    @Schedule(hour = "*", minute = "*", second = "17", persistent = false)
    void seal() {
        sealer.sealAll();
    }

    @Schedule(hour = "*", minute = "7", second = "3", persistent = false)
    void partitionsAhead() {
        try {
            int created = partitions.ensureAhead(MONTHS_AHEAD);
            if (created > 0) {
                LOG.info("Created " + created + " audit log month partitions ahead of time");
            }
        } catch (SQLException e) {
            LOG.warning("Audit log partitions could not be created ahead (SQLState " + e.getSQLState()
                    + "); events still get theirs when sealed");
        }
    }

    @Schedule(hour = "2", minute = "43", second = "0", persistent = false)
    void retention() {
        request.authenticate("system:retention");
        retention.run();
    }
}
