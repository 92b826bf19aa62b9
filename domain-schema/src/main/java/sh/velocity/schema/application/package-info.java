/** The schema module's use cases: apply a manifest, look up record types. */
package sh.velocity.schema.application;
