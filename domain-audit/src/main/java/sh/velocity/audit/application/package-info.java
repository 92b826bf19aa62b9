/** The audit module's use cases. */
package sh.velocity.audit.application;
