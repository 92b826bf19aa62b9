/** What other modules may use of the audit log: append events, verify a chain. */
package sh.velocity.audit.api;
