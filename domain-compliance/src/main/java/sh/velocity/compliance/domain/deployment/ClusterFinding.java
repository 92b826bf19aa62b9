package sh.velocity.compliance.domain.deployment;

import java.util.List;
import java.util.Objects;

/**
 * The verdict on one cluster item. {@code evidence} names the files and objects looked at and what
 * was seen in each, the lines that break the item first; it never repeats a secret value.
 * {@code commands} are the kubectl (or aws) commands that check the item on a live cluster, with the
 * namespaces and names the manifests use.
 */
public record ClusterFinding(ClusterItem item, ClusterStatus status, List<String> evidence, List<String> commands) {

    public ClusterFinding {
        Objects.requireNonNull(item, "item");
        Objects.requireNonNull(status, "status");
        evidence = List.copyOf(evidence);
        commands = List.copyOf(commands);
    }
}
