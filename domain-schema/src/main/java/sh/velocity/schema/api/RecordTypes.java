package sh.velocity.schema.api;

import java.util.Optional;
import sh.velocity.kernel.SchemaPath;

/** Looks up applied record types. */
public interface RecordTypes {

    Optional<RecordType> find(SchemaPath path);

    /** Every applied record type that declares a subject identifier field. */
    java.util.List<RecordType> withSubjectIdentifier();

    /** Every applied record type of the organisation {@code namespace}. */
    java.util.List<RecordType> inNamespace(String namespace);

    /** Every applied record type served by the search engine (tier 3) with at least one search field. */
    java.util.List<RecordType> searchedByEngine();
}
