/** What other modules may use of compliance: whether the server may serve at all. */
package sh.velocity.compliance.api;
