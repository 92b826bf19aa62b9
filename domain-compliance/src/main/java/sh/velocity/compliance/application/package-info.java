/** The compliance module's use cases: the startup guard. */
package sh.velocity.compliance.application;
