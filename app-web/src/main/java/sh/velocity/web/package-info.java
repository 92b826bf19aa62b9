/**
 * The web layer: the JAX-RS application at {@code /api/v1}, the filter every request passes,
 * problem responses, health checks and the REST resources. Resources call module facades (their
 * {@code api} packages) and never touch tables.
 */
package sh.velocity.web;
