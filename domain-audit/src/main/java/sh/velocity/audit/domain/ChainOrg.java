package sh.velocity.audit.domain;

/**
 * The organisation a chain's events are partitioned under, exactly as {@code platform.audit_org_of}
 * computes it: a schema path's namespace, or the empty string for the platform chain. Queries name it
 * so PostgreSQL reads only that organisation's partitions.
 */
public final class ChainOrg {

    private ChainOrg() {
    }

    public static String of(String chain) {
        int slash = chain.indexOf('/');
        return slash < 0 ? "" : chain.substring(0, slash);
    }
}
