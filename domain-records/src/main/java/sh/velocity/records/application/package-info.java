/** The records module's use cases. */
package sh.velocity.records.application;
