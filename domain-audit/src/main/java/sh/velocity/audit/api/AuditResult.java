package sh.velocity.audit.api;

/** Outcome of an audited action, as stored in {@code platform.audit_log.result}. */
public enum AuditResult {
    SUCCESS, DENIED, FAILURE;

    public String dbValue() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
