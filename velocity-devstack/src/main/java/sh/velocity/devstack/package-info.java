/**
 * The run command's launcher: embedded defaults for what is not configured, the migrate step,
 * the Liberty server as a child process, and one shutdown path for all of it.
 */
package sh.velocity.devstack;
