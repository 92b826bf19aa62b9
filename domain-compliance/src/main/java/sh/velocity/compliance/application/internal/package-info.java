/** Implementations of the compliance api. */
package sh.velocity.compliance.application.internal;
