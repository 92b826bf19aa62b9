package sh.velocity.records.application.internal;

import java.sql.SQLException;
import java.util.function.Supplier;
import sh.velocity.schema.api.RecordTypes;

/**
 * The record type a create or a read took from this server's cache has changed or gone since
 * ({@link RecordTypes#STALE_GENERATION}): the transaction rolls back with nothing written or
 * returned, and the caller reads the type again.
 */
final class StaleRecordType extends RuntimeException {

    private static final long serialVersionUID = 1L;

    StaleRecordType() {
        super("the record type changed since this server read it", null, false, false);
    }

    /** {@code e} as a stale type when the generation check raised it, else what {@code other} makes. */
    static RuntimeException or(SQLException e, Supplier<RuntimeException> other) {
        return RecordTypes.STALE_GENERATION.equals(e.getSQLState()) ? new StaleRecordType() : other.get();
    }
}
