/**
 * The separate migrate step. A cluster administrator's connection creates the two platform roles
 * and the database ({@link sh.velocity.migrate.RoleBootstrap}); then each bounded context's Flyway
 * migrations run as {@code velocity_owner} ({@link sh.velocity.migrate.ContextMigrations}). The
 * running server never holds either credential.
 */
package sh.velocity.migrate;
