package sh.velocity.audit.domain;

/**
 * An event exactly as stored, with its timestamp already rendered as
 * {@code YYYY-MM-DDTHH:MM:SS.ffffffZ} (UTC) and its payload as PostgreSQL's jsonb text.
 */
public record StoredEvent(String chain, long seq, String actor, String operation, String resource,
                          String result, String failMode, String requestId, String sourceIp,
                          String createdAt, String payload, String prevHash, String hash) {

    /** The event's identity, stable forever: {@code <chain>:<seq>}. SIEM receivers deduplicate by it. */
    public String eventId() {
        return chain + ":" + seq;
    }
}
