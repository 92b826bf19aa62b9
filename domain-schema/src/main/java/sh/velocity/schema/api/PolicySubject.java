package sh.velocity.schema.api;

import java.util.List;
import java.util.Map;

/**
 * A schema definition as policies see it: the declared facts, not the applied table. {@code masking}
 * of a field is what the manifest declares ({@code partial}, {@code full}, {@code hash}) or null when
 * it declares none (a sensitive field is then masked in full, {@code effectiveMasking}).
 */
public record PolicySubject(String schemaPath, Map<String, String> annotations, List<Field> fields,
                            List<String> rules, int searchTier, List<String> searchFields) {

    public PolicySubject {
        annotations = Map.copyOf(annotations);
        fields = List.copyOf(fields);
        rules = List.copyOf(rules);
        searchFields = List.copyOf(searchFields);
    }

    /** The organisation: the first segment of the schema path. */
    public String namespace() {
        return schemaPath.substring(0, schemaPath.indexOf('/'));
    }

    /** One declared field. */
    public record Field(String name, String type, Integer maxLength, boolean required, String sensitivity,
                        String masking, int visibleChars, String effectiveMasking, boolean subjectIdentifier) {
    }
}
