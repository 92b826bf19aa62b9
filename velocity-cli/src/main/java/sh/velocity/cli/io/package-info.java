/**
 * What the CLI prints and with which exit code: the console (streams, environment, whether colour
 * is allowed), the output formats (aligned tables safe for a terminal, JSON, YAML), progress lines
 * for a terminal only, the failures that end a command, and the verdict of a chain verification in
 * the words of CONTRACT.md section 4.
 */
package sh.velocity.cli.io;
