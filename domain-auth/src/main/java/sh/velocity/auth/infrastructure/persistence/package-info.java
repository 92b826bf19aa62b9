/** JDBC access to {@code platform.api_keys}, {@code platform.role_bindings} and {@code has_permission}. */
package sh.velocity.auth.infrastructure.persistence;
