/**
 * The shared kernel: value types and infrastructure every module uses the same way (schema paths,
 * error codes, the request's principal, the principal-carrying database access, masking). It holds
 * no business rules and is not fenced; it must stay small.
 */
package sh.velocity.kernel;
