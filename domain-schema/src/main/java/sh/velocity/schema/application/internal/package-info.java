/** Implementations of the schema api, with their transaction boundaries and audit events. */
package sh.velocity.schema.application.internal;
