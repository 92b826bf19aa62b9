package sh.velocity.records.domain.encryption;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.UUID;

/**
 * Where an encrypted value belongs: schema path, record id and field name. Authenticated with the
 * value as AES-GCM associated data (together with the format and key version), so a ciphertext
 * copied into another record, another field or another record type fails authentication instead of
 * decrypting there.
 */
public record FieldContext(String schemaPath, UUID recordId, String field) {

    public FieldContext {
        Objects.requireNonNull(schemaPath, "schemaPath");
        Objects.requireNonNull(recordId, "recordId");
        Objects.requireNonNull(field, "field");
    }

    /** The associated data for a value sealed under key {@code version}. */
    byte[] associatedData(int version) {
        return (FieldCiphertext.FORMAT + "|" + version + "|" + schemaPath + "|" + recordId + "|" + field)
                .getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return schemaPath + "/" + recordId + " field " + field;
    }
}
