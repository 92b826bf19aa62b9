/** Implementations of the auth api, with their transaction boundaries and audit events. */
package sh.velocity.auth.application.internal;
