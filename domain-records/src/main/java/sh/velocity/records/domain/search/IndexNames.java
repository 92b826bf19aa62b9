package sh.velocity.records.domain.search;

import sh.velocity.kernel.SchemaPath;

/**
 * The engine's index of a record type: {@code velocity-} and the schema path with dots for
 * slashes, e.g. {@code velocity-acme.supply-chain.procurement.purchase-order.v1}. Path segments are
 * lowercase letters, digits and hyphens, so the name is always a valid OpenSearch index name
 * (lowercase, no slash, not starting with - _ or +, far below 255 bytes).
 */
public final class IndexNames {

    private IndexNames() {
    }

    public static String of(SchemaPath path) {
        return "velocity-" + path.toString().replace('/', '.');
    }
}
