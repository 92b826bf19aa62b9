/**
 * JDBC access to {@code platform.audit_log} (written only through {@code platform.audit_append}),
 * its checkpoints, and the SIEM drains' cursors.
 */
package sh.velocity.audit.infrastructure.persistence;
