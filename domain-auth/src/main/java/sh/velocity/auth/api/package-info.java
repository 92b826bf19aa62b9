/** What other modules may use of identity and access: authorization checks, keys, bindings. */
package sh.velocity.auth.api;
