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

    /**
     * The field of that name. A plain loop, not a stream: masking and reading a list page ask once
     * per column of every row (a page of 100 rows, about 1,500 calls), and the stream's set-up cost
     * more than the comparisons (5 % of the server's CPU samples in list and GET phases).
     */
    public Optional<FieldSpec> field(String name) {
        for (FieldSpec f : fields) {
            if (f.name().equals(name)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    /**
     * Whether any field is masked: such a type's values leave masked and its reads are audited.
     * A plain loop like {@link #field}: masking asks it for every record of a page.
     */
    public boolean hasMaskedFields() {
        for (FieldSpec f : fields) {
            if (f.masked()) {
                return true;
            }
        }
        return false;
    }

    /** The field naming the data subject, if the record type declares one. */
    public Optional<FieldSpec> subjectField() {
        return fields.stream().filter(FieldSpec::subjectIdentifier).findFirst();
    }
}
