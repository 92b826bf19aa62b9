package sh.velocity.schema.api;

import java.util.List;
import java.util.Optional;
import sh.velocity.kernel.SchemaPath;

/** A record type as applied: its path, fields and rules at one generation. */
public record RecordType(SchemaPath path, int generation, List<FieldSpec> fields, List<RuleSpec> rules) {

    public RecordType {
        fields = List.copyOf(fields);
        rules = List.copyOf(rules);
    }

    public Optional<FieldSpec> field(String name) {
        return fields.stream().filter(f -> f.name().equals(name)).findFirst();
    }

    /** The field naming the data subject, if the record type declares one. */
    public Optional<FieldSpec> subjectField() {
        return fields.stream().filter(FieldSpec::subjectIdentifier).findFirst();
    }
}
