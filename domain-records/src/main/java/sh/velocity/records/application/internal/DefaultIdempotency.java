package sh.velocity.records.application.internal;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import java.sql.SQLException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import sh.velocity.kernel.problem.ErrorCode;
import sh.velocity.kernel.problem.VelocityException;
import sh.velocity.kernel.request.RequestContext;
import sh.velocity.records.api.Idempotency;
import sh.velocity.records.infrastructure.persistence.JdbcIdempotencyKeys;

/**
 * Claims and releases commit on their own (so a concurrent repeat sees the claim at once);
 * completion happens inside the write's transaction ({@link RecordTransactions}). Keys live
 * {@code velocity.idempotency.ttl-hours} (default 24) and belong to the request's principal.
 */
@ApplicationScoped
public class DefaultIdempotency implements Idempotency {

    @Inject
    JdbcIdempotencyKeys keys;

    @Inject
    RequestContext request;

    @Inject
    @ConfigProperty(name = "velocity.idempotency.ttl-hours", defaultValue = "24")
    long ttlHours;

    @Override
    @Transactional(TxType.REQUIRES_NEW)
    public Claim claim(String key, String requestHash) {
        try {
            Claim claim = keys.claim(principal(), key, requestHash, ttlHours * 3600);
            if (claim.outcome() == Outcome.PROCEED) {
                request.claimIdempotencyKey(key);
            }
            return claim;
        } catch (SQLException e) {
            throw new VelocityException(ErrorCode.INTERNAL_ERROR, "The idempotency key could not be claimed.");
        }
    }

    @Override
    @Transactional(TxType.REQUIRES_NEW)
    public void release(String key) {
        try {
            keys.release(principal(), key);
        } catch (SQLException e) {
            throw new VelocityException(ErrorCode.INTERNAL_ERROR, "The idempotency key could not be released.");
        }
    }

    /** Inside the write's transaction. */
    void complete(int status, String body) {
        if (request.idempotencyKey().isEmpty()) {
            return;
        }
        try {
            keys.complete(principal(), request.idempotencyKey().get(), status, body);
        } catch (SQLException e) {
            throw new VelocityException(ErrorCode.IDEMPOTENCY_IN_PROGRESS,
                    "The idempotency key was taken over by another request; nothing was written.");
        }
    }

    private String principal() {
        return request.principal().orElseThrow(() -> new VelocityException(ErrorCode.UNAUTHENTICATED,
                "Idempotency keys belong to an authenticated principal."));
    }
}
