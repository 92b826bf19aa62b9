/** The built-in key provider: data keys wrapped under a key-encryption key from configuration. */
package sh.velocity.records.infrastructure.crypto;
