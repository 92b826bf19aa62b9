/**
 * What the CLI prints and with which exit code: the console (streams, environment, whether colour
 * is allowed), the failures that end a command, and the verdict of a chain verification in the
 * words of CONTRACT.md section 4, as text or as JSON.
 */
package sh.velocity.cli.io;
