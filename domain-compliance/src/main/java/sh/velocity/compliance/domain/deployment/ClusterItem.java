package sh.velocity.compliance.domain.deployment;

/**
 * The hardening checklist's items that concern the cluster around Velocity, with their numbers
 * and wording in the seed's "Checklist" section, so a finding can be shown next to the others.
 */
public enum ClusterItem {
    INTERNAL_TLS(13, "Internal communication uses TLS/HTTPS"),
    NETWORK_POLICIES(14, "Network policies restrict pod-to-pod traffic"),
    POD_SECURITY(15, "Pod security policies enforce non-root, no-escalation"),
    EXTERNAL_SECRETS(16, "Secrets use external secret manager or Sealed Secrets"),
    POSTGRES_BACKUPS(17, "Postgres backups are archiving to S3 regularly"),
    AUDIT_ALERTING(18, "Audit log monitoring and alerting is configured");

    private final int number;
    private final String title;

    ClusterItem(int number, String title) {
        this.number = number;
        this.title = title;
    }

    /** The item's number in the checklist, 13 to 18. */
    public int number() {
        return number;
    }

    /** The item as the checklist words it. */
    public String title() {
        return title;
    }
}
