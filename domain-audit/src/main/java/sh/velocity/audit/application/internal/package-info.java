/** Implementations of the audit module's api, transaction boundaries included. */
package sh.velocity.audit.application.internal;
