package sh.velocity.schema.api;

import java.util.List;

/**
 * The approval chain for protected namespaces: submit (the author, who holds {@code schema.apply}
 * on the path), approve or reject (a reviewer, {@code schema.review}, not the author), apply (an
 * admin, {@code schema.apply}, neither the author nor the reviewer). Each step is audited on the
 * platform chain, refusals included; there is no other way to apply a manifest to a protected
 * namespace.
 */
public interface SchemaChanges {

    /** Parses and admits the manifest as apply would (rules, breaking changes), then records it pending. */
    SchemaChangeView submit(String manifestText);

    SchemaChangeView approve(String id, String comment);

    SchemaChangeView reject(String id, String reason);

    /** Re-admits the manifest and applies it, unless the schema changed since it was submitted. */
    SchemaChangeView apply(String id);

    /** One change with its manifest; 404 unless the caller holds {@code schema.read} on its path. */
    SchemaChangeView show(String id);

    /**
     * Changes on paths the caller may read, newest first, without manifests.
     *
     * @param status {@code pending}, {@code approved}, {@code rejected}, {@code applied}, or null for all
     * @param beforeSeq only changes older than this one (the paging cursor), or null
     */
    List<SchemaChangeView> list(String status, Long beforeSeq, int limit);
}
