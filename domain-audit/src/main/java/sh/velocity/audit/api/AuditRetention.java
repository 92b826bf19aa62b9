package sh.velocity.audit.api;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * Retention of the audit log per organisation (namespace), legal holds, and the month partitions
 * retention works on. Every change is audited on the platform chain; the platform chain itself is
 * kept forever.
 */
public interface AuditRetention {

    /** Shortest retention a policy may set. */
    int MIN_DAYS = 30;

    /** Longest finite retention (100 years); beyond that, keep forever. */
    int MAX_DAYS = 36_500;

    /** An organisation's retention; {@code retainDays} null means forever. */
    record Policy(String namespace, Integer retainDays, OffsetDateTime updatedAt, String updatedBy) {
    }

    record LegalHold(UUID id, String namespace, OffsetDateTime from, OffsetDateTime to, String reason,
                     String createdBy, OffsetDateTime createdAt, OffsetDateTime releasedAt, String releasedBy,
                     String releaseReason) {
    }

    /** One month of one organisation's log ({@code namespace} "platform" for the platform chain). */
    record Partition(String namespace, String month, String table, OffsetDateTime createdAt,
                     OffsetDateTime droppedAt, Long droppedEvents) {
    }

    /** What a retention run did with one expired month: dropped it, or kept it and why. */
    record Outcome(String namespace, String month, boolean dropped, long events, List<String> chains,
                   String reason) {
    }

    List<Policy> policies();

    /** Sets (or replaces) a namespace's retention; null keeps its log forever. */
    Policy setPolicy(String namespace, Integer retainDays);

    LegalHold placeHold(String namespace, OffsetDateTime from, OffsetDateTime to, String reason);

    /** Holds of one namespace, or all when {@code namespace} is null. */
    List<LegalHold> holds(String namespace, boolean includeReleased);

    LegalHold releaseHold(UUID id, String reason);

    /** Partitions of one namespace, or all when null. */
    List<Partition> partitions(String namespace);

    /** Drops every expired month no hold touches; returns one outcome per expired month. */
    List<Outcome> run();
}
