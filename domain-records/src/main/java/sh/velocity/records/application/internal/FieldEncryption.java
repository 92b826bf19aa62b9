package sh.velocity.records.application.internal;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonValue;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.logging.Logger;
import sh.velocity.audit.api.AuditEvent;
import sh.velocity.audit.api.AuditTrail;
import sh.velocity.kernel.problem.ErrorCode;
import sh.velocity.kernel.problem.VelocityException;
import sh.velocity.records.domain.RecordMasking;
import sh.velocity.records.domain.encryption.DataKey;
import sh.velocity.records.domain.encryption.FieldCipher;
import sh.velocity.records.domain.encryption.FieldContext;
import sh.velocity.records.domain.encryption.PlaintextCodec;
import sh.velocity.records.domain.encryption.UnreadableValue;
import sh.velocity.schema.api.FieldSpec;
import sh.velocity.schema.api.RecordType;

/**
 * Seals the values of phi, pci and secret fields before they are written, under the organisation's
 * current data key, and opens them for the one masking component ({@link RecordMasking}), which is
 * the only way a value leaves: masked by default, in clear only with {@code unmask}. A value that
 * does not authenticate is never returned: the read fails with {@code ENCRYPTED_VALUE_UNREADABLE},
 * audited in its own transaction (it is evidence of tampering).
 */
@ApplicationScoped
public class FieldEncryption implements RecordMasking.FieldOpener {

    private static final Logger LOG = Logger.getLogger(FieldEncryption.class.getName());

    private final FieldCipher cipher = new FieldCipher(new SecureRandom());

    @Inject
    DataKeyRing ring;

    @Inject
    AuditTrail audit;

    /** {@code values} with each encrypted field's value replaced by its ciphertext text (nulls stay null). */
    public Map<String, Object> seal(RecordType type, UUID id, Map<String, Object> values, String actor) {
        boolean any = values.entrySet().stream().anyMatch(e -> e.getValue() != null
                && type.field(e.getKey()).map(FieldSpec::encrypted).orElse(false));
        if (!any) {
            return values;
        }
        DataKey key = ring.current(type.path().namespace(), actor);
        Map<String, Object> out = new LinkedHashMap<>();
        values.forEach((name, value) -> {
            FieldSpec field = type.field(name).orElse(null);
            if (value == null || field == null || !field.encrypted()) {
                out.put(name, value);
            } else {
                out.put(name, seal(key, type, id, field, PlaintextCodec.encode(field.type(), value)));
            }
        });
        return out;
    }

    /** One value sealed under {@code key} for its place. */
    String seal(DataKey key, RecordType type, UUID id, FieldSpec field, String plaintext) {
        return cipher.seal(key, plaintext, context(type, id, field)).text();
    }

    /** The plaintext text of a stored value, or {@link UnreadableValue}; for the key-rotation worker. */
    String openText(RecordType type, UUID id, FieldSpec field, String stored) throws UnreadableValue {
        String namespace = type.path().namespace();
        return cipher.open(stored, context(type, id, field), version -> ring.version(namespace, version));
    }

    @Override
    public JsonValue open(RecordType type, UUID id, FieldSpec field, String stored) {
        try {
            return PlaintextCodec.decode(field.type(), openText(type, id, field, stored));
        } catch (UnreadableValue e) {
            throw unreadable(type, id, field, e.getMessage());
        } catch (NumberFormatException e) {
            throw unreadable(type, id, field, "the encrypted value of " + field.name() + " is not a " + field.type());
        }
    }

    private VelocityException unreadable(RecordType type, UUID id, FieldSpec field, String why) {
        String path = type.path().toString();
        LOG.warning("Refused to return a stored value: " + why);
        audit.appendIndependently(AuditEvent.failure(path, "record.decrypt", path + "/" + id + "#" + field.name(),
                ErrorCode.ENCRYPTED_VALUE_UNREADABLE.name()));
        return new VelocityException(ErrorCode.ENCRYPTED_VALUE_UNREADABLE, "The stored value of field '"
                + field.name() + "' of record " + id + " failed authentication (altered, copied from another record "
                + "or field, or sealed under a key this server does not hold); it is not returned. The attempt is "
                + "in the audit log.");
    }

    private static FieldContext context(RecordType type, UUID id, FieldSpec field) {
        return new FieldContext(type.path().toString(), id, field.name());
    }
}
