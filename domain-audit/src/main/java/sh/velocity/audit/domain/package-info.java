/**
 * The audit chain's rules, free of any framework: the canonical encoding of an event (the same
 * bytes {@code platform.audit_canonical} produces) and the verification of a chain.
 */
package sh.velocity.audit.domain;
