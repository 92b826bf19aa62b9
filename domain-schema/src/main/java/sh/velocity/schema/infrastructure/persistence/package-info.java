/** JDBC access to the schema registry and calls into the DDL gateway functions. */
package sh.velocity.schema.infrastructure.persistence;
