package sh.velocity.schema.api;

import java.util.List;
import java.util.Optional;
import sh.velocity.kernel.SchemaPath;

/**
 * A record type as applied: its path, fields and rules at one generation, and its search settings
 * (tier 2 or 3, and the fields its {@code search_vector} covers; none means it cannot be searched).
 */
public record RecordType(SchemaPath path, int generation, List<FieldSpec> fields, List<RuleSpec> rules,
                         int searchTier, List<String> searchFields) {

    public RecordType {
        fields = List.copyOf(fields);
        rules = List.copyOf(rules);
        searchFields = List.copyOf(searchFields);
    }

    public Optional<FieldSpec> field(String name) {
        return fields.stream().filter(f -> f.name().equals(name)).findFirst();
    }

    /** The field naming the data subject, if the record type declares one. */
    public Optional<FieldSpec> subjectField() {
        return fields.stream().filter(FieldSpec::subjectIdentifier).findFirst();
    }
}
