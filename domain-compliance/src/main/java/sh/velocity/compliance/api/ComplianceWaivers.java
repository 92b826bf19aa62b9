package sh.velocity.compliance.api;

import java.util.List;

/**
 * Waivers of failing compliance controls. Creating and revoking needs {@code compliance.waive} on
 * {@code *} (platform-admin only) and is audited on the platform chain with the justification;
 * listing needs {@code compliance.read}. A waiver covers only while it is neither expired nor
 * revoked, checked at every apply.
 */
public interface ComplianceWaivers {

    /**
     * Grants a waiver of {@code pack}/{@code control} on the schemas under {@code schema} (a schema path
     * or a prefix of one, at least the namespace), which must be an enabled pack and one of its
     * controls. {@code justification} is required (20 to 2000 characters); exactly one of
     * {@code ttl} ({@code "30d"}, at most {@value #MAX_DAYS} days) and {@code expiresAt} (ISO-8601,
     * within {@value #MAX_DAYS} days) is required.
     */
    WaiverView create(String pack, String control, String schema, String justification, String ttl, String expiresAt);

    /** Active waivers, newest first; expired and revoked ones too when {@code includeInactive}. */
    List<WaiverView> list(boolean includeInactive);

    /** Revokes a waiver at once; audited. NOT_FOUND for an unknown id, CONFLICT when already revoked. */
    WaiverView revoke(String id);

    /** The longest a waiver may last. */
    int MAX_DAYS = 365;

    /** The shortest justification accepted. */
    int MIN_JUSTIFICATION = 20;
}
