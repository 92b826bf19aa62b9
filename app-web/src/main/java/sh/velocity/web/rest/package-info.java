/** REST resources of {@code /api/v1}; each calls one module facade and shapes its answer. */
package sh.velocity.web.rest;
