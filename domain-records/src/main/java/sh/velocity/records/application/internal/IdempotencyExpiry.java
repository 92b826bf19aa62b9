package sh.velocity.records.application.internal;

import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.util.logging.Logger;
import sh.velocity.records.infrastructure.persistence.JdbcIdempotencyKeys;

/**
 * Deletes expired idempotency keys every ten minutes, in batches. Non-persistent: every replica
 * runs it, which is harmless (the delete is idempotent); the cluster-wide persistent timer store
 * arrives with the outbox relay (issue 7).
 */
@Singleton
public class IdempotencyExpiry {

    private static final Logger LOG = Logger.getLogger(IdempotencyExpiry.class.getName());

    @Inject
    JdbcIdempotencyKeys keys;

    @Schedule(minute = "*/10", hour = "*", persistent = false)
    void purge() {
        try {
            int deleted = keys.purgeExpired(10_000);
            if (deleted > 0) {
                LOG.info("Expired idempotency keys deleted: " + deleted);
            }
        } catch (SQLException e) {
            LOG.warning("Expired idempotency keys could not be deleted (SQLState " + e.getSQLState() + ")");
        }
    }
}
