/** Key material kept in owner-only files, read at start or generated once when absent. */
package sh.velocity.kernel.secrets;
