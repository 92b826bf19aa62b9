package sh.velocity.records.application.internal;

import java.util.List;
import java.util.Optional;
import sh.velocity.kernel.SchemaPath;
import sh.velocity.schema.api.RecordType;
import sh.velocity.schema.api.RecordTypes;

/** A registry that holds no record type; a test overrides the answers it needs. */
class NoRecordTypes implements RecordTypes {

    @Override
    public Optional<RecordType> find(SchemaPath path) {
        return Optional.empty();
    }

    @Override
    public Optional<RecordType> cached(SchemaPath path) {
        return Optional.empty();
    }

    @Override
    public List<RecordType> withSubjectIdentifier() {
        return List.of();
    }

    @Override
    public List<RecordType> inNamespace(String namespace) {
        return List.of();
    }

    @Override
    public List<RecordType> searchedByEngine() {
        return List.of();
    }
}
