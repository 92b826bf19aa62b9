/** JDBC access to {@code platform.audit_log} through {@code platform.audit_insert}. */
package sh.velocity.audit.infrastructure.persistence;
