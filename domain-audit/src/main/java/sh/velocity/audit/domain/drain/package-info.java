/**
 * SIEM drains (issue 6): shipping audit events that are already in the log to an outside system, JDK
 * only. A {@link sh.velocity.audit.domain.drain.SiemDrain} delivers one batch of one chain's events
 * and says whether the destination took it; everything it sends is built here: the event's JSON
 * ({@link sh.velocity.audit.domain.drain.EventJson}), the webhook's HMAC signature
 * ({@link sh.velocity.audit.domain.drain.WebhookSignature}), RFC 5424 messages in RFC 6587
 * octet-counted frames ({@link sh.velocity.audit.domain.drain.SyslogMessage}), and the retry delays
 * ({@link sh.velocity.audit.domain.drain.Backoff}).
 *
 * <p>Delivery is at least once: a drain's position in each chain (its cursor) moves only after the
 * destination accepted a batch, so a crash or an outage can repeat a batch but never skip one.
 * Receivers deduplicate by {@link sh.velocity.audit.domain.StoredEvent#eventId()}. Payloads leave as
 * they were stored, masked when they were written; nothing here unmasks.
 */
package sh.velocity.audit.domain.drain;
