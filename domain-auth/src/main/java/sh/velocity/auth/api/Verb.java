package sh.velocity.auth.api;

/**
 * The permissions roles grant, as stored in {@code platform.roles.verbs}. Record verbs are checked
 * against a schema path; platform verbs against {@link #PLATFORM_SCOPE}.
 */
public final class Verb {

    public static final String READ = "read";
    public static final String CREATE = "create";
    public static final String UPDATE = "update";
    public static final String DELETE = "delete";
    public static final String UNMASK = "unmask";
    public static final String SCHEMA_READ = "schema.read";
    public static final String SCHEMA_APPLY = "schema.apply";
    /** Approve or reject a submitted schema change for a protected namespace (never one's own). */
    public static final String SCHEMA_REVIEW = "schema.review";
    public static final String APIKEY_MANAGE = "apikey.manage";
    public static final String ROLEBINDING_MANAGE = "rolebinding.manage";
    public static final String AUDIT_READ = "audit.read";
    public static final String AUDIT_EXPORT = "audit.export";
    /** Retention policies, legal holds, retention runs: platform scope only. */
    public static final String AUDIT_MANAGE = "audit.manage";
    /** Data-key rotation, KEK re-wrap and key metadata (field encryption): platform scope only. */
    public static final String ENCRYPTION_MANAGE = "encryption.manage";
    public static final String COMPLIANCE_READ = "compliance.read";
    /** Enable, replace and disable compliance packs: platform scope only. */
    public static final String COMPLIANCE_MANAGE = "compliance.manage";
    /** Create and revoke compliance waivers: platform scope only. */
    public static final String COMPLIANCE_WAIVE = "compliance.waive";
    public static final String USER_MANAGE = "user.manage";

    /** The scope of platform-wide permissions: only a binding on {@code *} grants them. */
    public static final String PLATFORM_SCOPE = "*";

    private Verb() {
    }
}
