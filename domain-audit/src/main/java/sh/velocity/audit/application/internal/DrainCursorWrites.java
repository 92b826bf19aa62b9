package sh.velocity.audit.application.internal;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import java.sql.SQLException;
import sh.velocity.audit.infrastructure.persistence.JdbcDrainCursors;

/**
 * Moves a drain's cursor in a transaction of its own, committed as soon as the destination accepted
 * the batch: the drain's pass holds its lock in a longer transaction, and a failure later in that
 * pass must not take back a position already delivered.
 */
@ApplicationScoped
public class DrainCursorWrites {

    @Inject
    JdbcDrainCursors cursors;

    @Transactional(value = TxType.REQUIRES_NEW, rollbackOn = SQLException.class)
    public void advance(String drain, String chain, long seq) throws SQLException {
        cursors.advance(drain, chain, seq);
    }
}
