package sh.velocity.compliance.domain.packs;

import java.time.Instant;
import java.util.Objects;

/**
 * An administrator's time-limited exception to one control of one pack, for the schemas under one
 * path prefix (a namespace, a domain, …, or one schema path). It covers a failing control only
 * while it is neither revoked nor expired, checked at the moment of the apply, never by a timer.
 */
public record Waiver(String id, String pack, String control, String schemaPrefix, String justification,
                     String createdBy, Instant createdAt, Instant expiresAt, Instant revokedAt, String revokedBy) {

    public Waiver {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(schemaPrefix, "schemaPrefix");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    /** The organisation the waiver is about: the first segment of its prefix. */
    public String namespace() {
        int slash = schemaPrefix.indexOf('/');
        return slash < 0 ? schemaPrefix : schemaPrefix.substring(0, slash);
    }

    public boolean activeAt(Instant now) {
        return revokedAt == null && now.isBefore(expiresAt);
    }

    /** True when, at {@code now}, this waiver excuses {@code pack}/{@code control} on {@code schemaPath}. */
    public boolean covers(String pack, String control, String schemaPath, Instant now) {
        return activeAt(now) && this.pack.equals(pack) && this.control.equals(control)
                && (schemaPath.equals(schemaPrefix) || schemaPath.startsWith(schemaPrefix + "/"));
    }
}
