/** JDBC access to record tables and their outbox tables, always as the request's principal. */
package sh.velocity.records.infrastructure.persistence;
