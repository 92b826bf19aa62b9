package sh.velocity.compliance.api;

import java.util.List;

/**
 * Compliance packs per organisation: apply a {@code kind: CompliancePack} manifest (the same
 * admission path as SchemaDefinitions), list what is enabled and what ships, disable, and report
 * every applied schema against every enabled control. Changing packs needs {@code compliance.manage}
 * on {@code *}; reading needs {@code compliance.read} on {@code *}.
 */
public interface CompliancePacks {

    /** Admits and stores a CompliancePack (YAML or JSON); audited as {@code compliance.pack.apply}. */
    AppliedPack apply(String manifestText);

    /** The enabled packs of {@code namespace} (all when null), each with its resolved controls. */
    List<PackView> enabled(String namespace);

    /** The packs shipped with the server, which {@code spec.builtin} may name. */
    List<PackView> shipped();

    /** Disables a pack; audited as {@code compliance.pack.delete}. NOT_FOUND when it is not enabled. */
    void disable(String namespace, String name);

    /**
     * Every applied schema of {@code namespace} (every namespace with packs when null) against every
     * control of its enabled packs: pass, fail, waived or not-applicable.
     */
    List<ControlResult> results(String namespace);
}
