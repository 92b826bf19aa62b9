package sh.velocity.audit.api;

import java.util.List;

/** Reads events of one chain, newest first, in pages keyed by sequence number. */
public interface AuditQueries {

    /** Events with {@code seq < before} (all when {@code before} is null), newest first. */
    List<AuditEventView> events(String chain, Long before, int limit);
}
