package sh.velocity.compliance.domain.deployment;

import java.util.List;

/** The findings on every {@link ClusterItem}, in checklist order. */
public record DeploymentReport(List<ClusterFinding> findings) {

    public DeploymentReport {
        findings = List.copyOf(findings);
    }

    /** The finding on {@code item}; every item has exactly one. */
    public ClusterFinding finding(ClusterItem item) {
        return findings.stream().filter(f -> f.item() == item).findFirst()
                .orElseThrow(() -> new IllegalStateException("no finding on item " + item.number()));
    }

    /** Whether the manifests contradict at least one item. */
    public boolean anyFailed() {
        return findings.stream().anyMatch(f -> f.status() == ClusterStatus.FAIL);
    }
}
