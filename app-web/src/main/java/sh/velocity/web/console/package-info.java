/**
 * The admin console: Jakarta Faces pages under {@code /console/} and their beans. A console
 * session is a server-side HTTP session holding a signed-in user's token pair (never sent to the
 * browser); {@link sh.velocity.web.console.ConsoleGate} re-verifies it on every request through
 * the same credential verifier as the REST API, and every bean calls the same module facades as
 * the REST resources, so authorization, masking and audit have one path.
 */
package sh.velocity.web.console;
