package sh.velocity.records.domain;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.Locale;
import java.util.Map;
import sh.velocity.kernel.masking.Masker;
import sh.velocity.kernel.masking.MaskingStrategy;
import sh.velocity.schema.api.FieldSpec;
import sh.velocity.schema.api.RecordType;

/**
 * Applies each field's masking to a record on its way out (responses, outbox payloads, audit
 * payloads), through the kernel's one {@link Masker}. A masked field that is not a string is
 * replaced whole: no value of a masked field ever leaves in clear.
 */
public final class RecordMasking {

    private final Masker masker;

    public RecordMasking(Masker masker) {
        this.masker = masker;
    }

    public JsonObject mask(RecordType type, JsonObject record) {
        JsonObjectBuilder out = Json.createObjectBuilder();
        for (Map.Entry<String, JsonValue> e : record.entrySet()) {
            FieldSpec field = type.field(e.getKey()).orElse(null);
            if (field == null || !field.masked() || e.getValue().getValueType() == JsonValue.ValueType.NULL) {
                out.add(e.getKey(), e.getValue());
                continue;
            }
            MaskingStrategy strategy = MaskingStrategy.valueOf(field.masking().toUpperCase(Locale.ROOT));
            String clear = e.getValue() instanceof JsonString s ? s.getString() : e.getValue().toString();
            out.add(e.getKey(), masker.apply(clear, strategy, field.visibleChars()));
        }
        return out.build();
    }
}
