package sh.velocity.audit.api;

import java.time.OffsetDateTime;

/** An audit event as read back, for listing. Payloads were masked before they were written. */
public record AuditEventView(long seq, String chain, String actor, String operation, String resource,
                             String result, String failMode, String requestId, String sourceIp,
                             OffsetDateTime createdAt, String payload, String hash) {
}
