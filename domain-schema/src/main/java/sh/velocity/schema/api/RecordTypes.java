package sh.velocity.schema.api;

import java.util.Optional;
import sh.velocity.kernel.SchemaPath;

/** Looks up applied record types. */
public interface RecordTypes {

    /**
     * The SQL a create or a read runs in its own transaction, ahead of its statement on the record
     * table, when it took the type from {@link #cached}: parameters are the type's path, generation
     * and table (quoted, schema-qualified). It fails with {@link #STALE_GENERATION} when the type has
     * changed or gone since, so nothing is written or read; when it passes, the table is held (lock
     * ACCESS SHARE) against schema changes until the transaction ends.
     */
    String GENERATION_GUARD = "SELECT platform.require_schema_generation(?, ?, ?)";

    /** The SQLSTATE of {@link #GENERATION_GUARD} when the type is no longer at that generation. */
    String STALE_GENERATION = "VS001";

    /** The current type: the registry is asked for its generation, so a change elsewhere is seen. */
    Optional<RecordType> find(SchemaPath path);

    /**
     * The type as this server last read it, without asking the registry whether it is still
     * current (read through {@link #find} only when this server has none). For writes that confirm
     * the generation in their own transaction with {@link #GENERATION_GUARD}, and read the type
     * again with {@link #find} when it fails.
     */
    Optional<RecordType> cached(SchemaPath path);

    /** Every applied record type that declares a subject identifier field. */
    java.util.List<RecordType> withSubjectIdentifier();

    /** Every applied record type of the organisation {@code namespace}. */
    java.util.List<RecordType> inNamespace(String namespace);

    /** Every applied record type served by the search engine (tier 3) with at least one search field. */
    java.util.List<RecordType> searchedByEngine();
}
