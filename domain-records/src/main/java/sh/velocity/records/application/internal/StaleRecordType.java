package sh.velocity.records.application.internal;

/**
 * The record type a create or a read took from this server's cache has changed or gone since
 * ({@link sh.velocity.schema.api.RecordTypes#STALE_GENERATION}): the transaction rolls back with
 * nothing written or returned, and the caller reads the type again.
 */
final class StaleRecordType extends RuntimeException {

    private static final long serialVersionUID = 1L;

    StaleRecordType() {
        super("the record type changed since this server read it", null, false, false);
    }
}
