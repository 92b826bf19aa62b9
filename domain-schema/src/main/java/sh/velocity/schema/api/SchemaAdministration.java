package sh.velocity.schema.api;

import java.util.List;
import sh.velocity.kernel.SchemaPath;

/** Applies SchemaDefinition manifests and shows what is applied. */
public interface SchemaAdministration {

    /** Parses, admits, authorizes and applies a manifest (YAML or JSON text). */
    AppliedSchema apply(String manifestText);

    /** Schemas the caller may read. */
    List<SchemaSummary> list();

    SchemaDetail show(SchemaPath path);
}
