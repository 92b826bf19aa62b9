/**
 * Field encryption at rest: the ciphertext format of phi, pci and secret values, the AES-256-GCM
 * cipher that binds each value to its record type, record and field, and the key-provider interface
 * that wraps organisations' data keys. Plain Java, no framework.
 */
package sh.velocity.records.domain.encryption;
