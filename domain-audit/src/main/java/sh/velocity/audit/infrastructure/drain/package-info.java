/**
 * The SIEM drains' transports: an HMAC-signed HTTPS webhook and RFC 5425/6587 syslog over TCP or
 * TLS, built from MicroProfile Config ({@code velocity.audit.drain.<name>.*}) by
 * {@link sh.velocity.audit.infrastructure.drain.ConfiguredDrains}, the factory that picks the
 * implementation by the drain's name.
 */
package sh.velocity.audit.infrastructure.drain;
