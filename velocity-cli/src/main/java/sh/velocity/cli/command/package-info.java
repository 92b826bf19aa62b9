/**
 * The {@code velocity} commands (CONTRACT.md section 4) and the options they share. Each command
 * returns its exit code; failures are {@link sh.velocity.cli.io.CliFailure}s, printed by
 * {@link sh.velocity.cli.VelocityCli}, never as stack traces.
 */
package sh.velocity.cli.command;
