/** The identity and access module's use cases. */
package sh.velocity.auth.application;
