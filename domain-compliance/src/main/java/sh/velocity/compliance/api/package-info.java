/**
 * What other modules may use of compliance: whether the server may serve at all, the hardening
 * checklist, compliance packs (and the results of their controls) and waivers.
 */
package sh.velocity.compliance.api;
