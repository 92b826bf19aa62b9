package sh.velocity.audit.api;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.SortedMap;

/**
 * Reads events of one chain, newest first, in pages keyed by sequence number; and counts the
 * record writes of some chains per minute. The caller decides which chains the principal may read.
 */
public interface AuditQueries {

    /** The operations {@link #recordWritesPerMinute} counts (successful ones only). */
    List<String> RECORD_WRITES = List.of("record.create", "record.update", "record.delete", "record.erase");

    /** Events with {@code seq < before} (all when {@code before} is null), newest first. */
    List<AuditEventView> events(String chain, Long before, int limit);

    /**
     * Successful {@link #RECORD_WRITES} on {@code chains} since {@code from} (at most a day ago),
     * per UTC minute: the minute's start and its count, minutes without a write absent. Reads only
     * the window, through an index that holds record writes only.
     */
    SortedMap<Instant, Long> recordWritesPerMinute(Collection<String> chains, Instant from);
}
