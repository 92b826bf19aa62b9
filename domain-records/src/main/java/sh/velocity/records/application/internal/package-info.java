/** Implementations of the records api: authorization, validation, one transaction per write. */
package sh.velocity.records.application.internal;
