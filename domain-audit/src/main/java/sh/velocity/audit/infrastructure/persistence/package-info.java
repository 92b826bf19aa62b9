/** JDBC access to {@code platform.audit_log} through {@code platform.audit_append}. */
package sh.velocity.audit.infrastructure.persistence;
