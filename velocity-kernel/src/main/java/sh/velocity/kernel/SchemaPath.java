package sh.velocity.kernel;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The five-segment address of a record type: {@code namespace/domain/subdomain/name/version}.
 *
 * <p>It is also the only source of the PostgreSQL names a record type gets (schema, table, outbox
 * table, domain role), so that every module derives them the same way. Segments are validated on
 * construction; an instance is always a legal path whose derived identifiers fit PostgreSQL's
 * 63-byte limit (longer identifiers would be truncated silently and could collide).
 */
public record SchemaPath(String namespace, String domain, String subdomain, String name, String version) {

    /** Organisation, domain, subdomain and record-type names: lowercase, digits, hyphens. */
    public static final Pattern SEGMENT = Pattern.compile("[a-z][a-z0-9-]{0,62}");
    /** Version segment: {@code v1}, {@code v2}, … */
    public static final Pattern VERSION = Pattern.compile("v[1-9][0-9]{0,5}");
    /** PostgreSQL's NAMEDATALEN - 1. */
    public static final int MAX_IDENTIFIER_BYTES = 63;

    public SchemaPath {
        requireSegment("namespace", namespace);
        requireSegment("domain", domain);
        requireSegment("subdomain", subdomain);
        requireSegment("name", name);
        if (version == null || !VERSION.matcher(version).matches()) {
            throw new IllegalArgumentException("version must match v[1-9][0-9]*, got '" + printable(version) + "'");
        }
        requireIdentifierFits("schema", pgIdentifier(namespace + "_" + domain + "_" + subdomain) + "_role");
        requireIdentifierFits("table", pgIdentifier(name) + "_" + version + "_outbox");
    }

    /** Parses {@code acme/supply-chain/procurement/purchase-order/v1}. */
    public static SchemaPath parse(String path) {
        if (path == null) {
            throw new IllegalArgumentException("schema path is missing");
        }
        String[] parts = path.split("/", -1);
        if (parts.length != 5) {
            throw new IllegalArgumentException(
                    "schema path must have five segments namespace/domain/subdomain/name/version, got '"
                            + printable(path) + "'");
        }
        return new SchemaPath(parts[0], parts[1], parts[2], parts[3], parts[4]);
    }

    /** PostgreSQL schema holding the domain's tables, e.g. {@code acme_supply_chain_procurement}. */
    public String pgSchema() {
        return pgIdentifier(namespace + "_" + domain + "_" + subdomain);
    }

    /** Record table, e.g. {@code purchase_order_v1}. */
    public String pgTable() {
        return pgIdentifier(name) + "_" + version;
    }

    /** Outbox table beside the record table, e.g. {@code purchase_order_v1_outbox}. */
    public String pgOutboxTable() {
        return pgTable() + "_outbox";
    }

    /** Per-domain role, e.g. {@code acme_supply_chain_procurement_role}. */
    public String pgDomainRole() {
        return pgSchema() + "_role";
    }

    /** True when this path lies under {@code prefix} (a whole-segment prefix, or {@code *}). */
    public boolean isUnder(String prefix) {
        String self = toString();
        return "*".equals(prefix) || self.equals(prefix) || self.startsWith(prefix + "/");
    }

    @Override
    public String toString() {
        return namespace + "/" + domain + "/" + subdomain + "/" + name + "/" + version;
    }

    private static String pgIdentifier(String segment) {
        return segment.replace('-', '_');
    }

    private static void requireSegment(String what, String value) {
        Objects.requireNonNull(what);
        if (value == null || !SEGMENT.matcher(value).matches()) {
            throw new IllegalArgumentException(
                    what + " must match [a-z][a-z0-9-]{0,62}, got '" + printable(value) + "'");
        }
    }

    private static void requireIdentifierFits(String what, String identifier) {
        if (identifier.getBytes(StandardCharsets.UTF_8).length > MAX_IDENTIFIER_BYTES) {
            throw new IllegalArgumentException("derived PostgreSQL " + what + " name '" + identifier
                    + "' is longer than " + MAX_IDENTIFIER_BYTES + " bytes; use shorter names");
        }
    }

    private static String printable(String s) {
        if (s == null) {
            return "";
        }
        String cut = s.length() > 80 ? s.substring(0, 80) + "…" : s;
        return cut.replaceAll("[\\p{Cntrl}]", "?");
    }
}
