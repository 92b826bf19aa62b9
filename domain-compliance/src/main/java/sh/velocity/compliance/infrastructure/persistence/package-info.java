/** Reads the server's own database role attributes from the PostgreSQL catalogs. */
package sh.velocity.compliance.infrastructure.persistence;
