package sh.velocity.schema.api;

import java.util.List;
import java.util.Map;
import sh.velocity.kernel.SchemaPath;

/** Applies SchemaDefinition manifests and shows what is applied. */
public interface SchemaAdministration {

    /**
     * The {@code kind} of any Velocity manifest (reading only apiVersion and kind), so the admission
     * path can route other kinds ({@code CompliancePack}) to their module.
     */
    String kindOf(String manifestText);

    /**
     * Any Velocity manifest's text (YAML or JSON) as maps, lists and plain scalars, read with the
     * admission path's limits (size, aliases, nesting, duplicate keys, one document, no tags), so
     * every kind's untrusted text is parsed one way.
     *
     * @throws sh.velocity.kernel.problem.VelocityException {@code INVALID_MANIFEST} saying where and why
     */
    Map<?, ?> manifestDocument(String manifestText);

    /**
     * Parses, admits, authorizes and applies a manifest (YAML or JSON text). Every {@link ApplyPolicy}
     * must pass: otherwise {@code 422 COMPLIANCE_VIOLATION}, unless a waiver covers each violation.
     */
    AppliedSchema apply(String manifestText);

    /** Schemas the caller may read. */
    List<SchemaSummary> list();

    SchemaDetail show(SchemaPath path);
}
