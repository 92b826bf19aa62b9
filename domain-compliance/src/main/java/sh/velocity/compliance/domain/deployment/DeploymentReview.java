package sh.velocity.compliance.domain.deployment;

import java.util.ArrayList;
import java.util.List;

/**
 * Judges the hardening checklist's cluster items (13 to 18) by the deployment manifests: the
 * repository's {@code deploy/kubernetes/} files, all documents of all of them at once, because an
 * item often spans files (a Deployment's Secret is written by an ExternalSecret elsewhere; a
 * ServiceMonitor selects a Service of another file). Each finding is {@link ClusterStatus#MANUAL}
 * when the manifests support the item and {@link ClusterStatus#FAIL} when they contradict it, with
 * evidence and the live commands. A file that is not valid YAML makes every item fail: what it
 * would have said is unknown.
 */
public final class DeploymentReview {

    private DeploymentReview() {
    }

    /** Reviews {@code files} (any order, each may hold several documents). */
    public static DeploymentReport review(List<ManifestFile> files) {
        ManifestSet manifests = ManifestSet.parse(files);
        Deployed deployed = Deployed.of(manifests);
        List<ClusterFinding> findings = new ArrayList<>();
        findings.add(InternalTlsCheck.review(deployed));
        findings.add(NetworkPolicyCheck.review(deployed));
        findings.add(PodSecurityCheck.review(deployed));
        findings.add(ExternalSecretsCheck.review(deployed));
        findings.add(PostgresBackupCheck.review(deployed));
        findings.add(AuditAlertingCheck.review(deployed));
        if (files.isEmpty()) {
            findings = findings.stream().map(f -> withProblems(f, List.of("no manifest file was given"))).toList();
        } else if (!manifests.unreadable().isEmpty()) {
            List<String> problems = manifests.unreadable().stream()
                    .map(p -> p + "; the objects in this file were not judged").toList();
            findings = findings.stream().map(f -> withProblems(f, problems)).toList();
        }
        return new DeploymentReport(findings);
    }

    private static ClusterFinding withProblems(ClusterFinding finding, List<String> problems) {
        List<String> evidence = new ArrayList<>(problems);
        evidence.addAll(finding.evidence());
        return new ClusterFinding(finding.item(), ClusterStatus.FAIL, evidence, finding.commands());
    }
}
