package sh.velocity.compliance.domain.deployment;

/**
 * What the manifests can say about a cluster item. They never prove it holds on a cluster (that
 * needs the live commands), so there is no pass: at best it is {@link #MANUAL}.
 */
public enum ClusterStatus {
    /** The manifests say the item holds; the finding's commands check the live cluster. */
    MANUAL,
    /** The manifests contradict the item (or cannot be read); the evidence says where. */
    FAIL
}
