/** Stable error codes and the exception that carries them to the REST layer's problem responses. */
package sh.velocity.kernel.problem;
