/**
 * What other modules may use of schemas: applying manifests, and reading a record type's fields
 * and rules as plain DTOs (never the manifest model itself).
 */
package sh.velocity.schema.api;
