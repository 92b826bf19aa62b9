package sh.velocity.compliance.domain.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The repository's manifests support every cluster item (so each is {@code manual}: a live cluster
 * must be checked), and a copy that breaks one item's property fails exactly that item, with
 * evidence naming what broke.
 */
class DeploymentReviewTest {

    private static final RepositoryManifests REPOSITORY = RepositoryManifests.load();

    /** Asserts {@code item} fails with a line naming every fragment, and every other item stays manual. */
    private static ClusterFinding failsOnly(DeploymentReport report, ClusterItem item, String... fragments) {
        ClusterFinding finding = report.finding(item);
        assertEquals(ClusterStatus.FAIL, finding.status(), item + " should fail:\n" + lines(finding));
        assertTrue(finding.evidence().stream().anyMatch(line -> Arrays.stream(fragments).allMatch(line::contains)),
                "no evidence line of " + item + " names " + List.of(fragments) + ":\n" + lines(finding));
        for (ClusterFinding other : report.findings()) {
            if (other.item() != item) {
                assertEquals(ClusterStatus.MANUAL, other.status(), other.item() + " should be unaffected:\n" + lines(other));
            }
        }
        return finding;
    }

    private static String lines(ClusterFinding finding) {
        return finding.evidence().stream().map(l -> "  " + l).collect(Collectors.joining("\n"));
    }

    @Test
    void theRepositoryManifestsLeaveEveryClusterItemToTheLiveCheck() {
        DeploymentReport report = REPOSITORY.review();
        assertEquals(List.of(ClusterItem.values()), report.findings().stream().map(ClusterFinding::item).toList());
        for (ClusterFinding finding : report.findings()) {
            assertEquals(ClusterStatus.MANUAL, finding.status(), finding.item() + ":\n" + lines(finding));
            assertFalse(finding.evidence().isEmpty(), finding.item() + " has no evidence");
            assertTrue(finding.evidence().stream().allMatch(l -> l.startsWith("deploy/kubernetes/")
                    || l.startsWith("namespace ") || l.startsWith("no Service") || l.startsWith("other alerts")),
                    finding.item() + " has evidence that names no file:\n" + lines(finding));
            assertFalse(finding.commands().isEmpty(), finding.item() + " has no live command");
            assertTrue(finding.commands().stream().anyMatch(c -> c.startsWith("kubectl ")), finding.item() + " has no kubectl command");
        }
        assertFalse(report.anyFailed());
        assertTrue(report.finding(ClusterItem.NETWORK_POLICIES).commands().contains("kubectl -n velocity get networkpolicy"));
        assertTrue(report.finding(ClusterItem.POD_SECURITY).evidence().stream().anyMatch(l -> l.equals(
                "deploy/kubernetes/velocity-api.yaml: Deployment velocity/velocity-api container velocity: runAsNonRoot, "
                        + "runAsUser 1001, allowPrivilegeEscalation false, capabilities drop ALL, seccomp RuntimeDefault, "
                        + "readOnlyRootFilesystem")), lines(report.finding(ClusterItem.POD_SECURITY)));
        assertTrue(report.finding(ClusterItem.POSTGRES_BACKUPS).commands().stream()
                .anyMatch(c -> c.startsWith("aws s3 ls s3://velocity-backups/postgres/velocity-postgres/")));
    }

    @Test
    void aPlainHttpPortOnTheServerFailsInternalTls() {
        DeploymentReport report = REPOSITORY.replace("velocity-api.yaml", """
                            - name: https
                              containerPort: 9443
                              protocol: TCP
                """, """
                            - name: https
                              containerPort: 9443
                              protocol: TCP
                            - name: http
                              containerPort: 9080
                              protocol: TCP
                """).replace("velocity-api.yaml", """
                            - name: VELOCITY_HTTP_PORT
                              value: "-1"
                """, """
                            - name: VELOCITY_HTTP_PORT
                              value: "9080"
                """).review();
        failsOnly(report, ClusterItem.INTERNAL_TLS, "container velocity exposes container port 9080 (http)");
        failsOnly(report, ClusterItem.INTERNAL_TLS, "VELOCITY_HTTP_PORT=9080", "plain-HTTP listener");
    }

    @Test
    void aProbeOverHttpAndAServiceToAnotherPortFailInternalTls() {
        DeploymentReport report = REPOSITORY.replace("velocity-api.yaml", """
                              path: /health/ready
                              port: https
                              scheme: HTTPS
                """, """
                              path: /health/ready
                              port: 9080
                              scheme: HTTP
                """).replace("velocity-api.yaml", """
                      port: 9443
                      targetPort: https
                """, """
                      port: 80
                      targetPort: 9080
                """).review();
        failsOnly(report, ClusterItem.INTERNAL_TLS, "readinessProbe GET /health/ready uses HTTP, not HTTPS");
        failsOnly(report, ClusterItem.INTERNAL_TLS, "Service velocity/velocity-api port 80 forwards to 9080");
        failsOnly(report, ClusterItem.INTERNAL_TLS, "webhook schemadefinition.velocity.sh calls port 9443",
                "which has no such port");
    }

    @Test
    void aPlainDatabaseOrRedisConnectionFailsInternalTls() {
        DeploymentReport report = REPOSITORY.replace("velocity-api.yaml", "value: require", "value: disable")
                .replace("velocity-api.yaml", "rediss://velocity-redis", "redis://velocity-redis").review();
        failsOnly(report, ClusterItem.INTERNAL_TLS, "VELOCITY_DB_SSLMODE=disable");
        failsOnly(report, ClusterItem.INTERNAL_TLS, "connects to Redis without TLS (redis://)");
    }

    @Test
    void withoutTheDefaultDenyPolicyNetworkPoliciesFail() {
        DeploymentReport report = REPOSITORY.removeDocument("network-policies.yaml", "name: default-deny-all").review();
        failsOnly(report, ClusterItem.NETWORK_POLICIES, "namespace velocity has no default-deny ingress policy");
        failsOnly(report, ClusterItem.NETWORK_POLICIES, "namespace velocity has no default-deny egress policy");
    }

    @Test
    void anAllowEverythingRuleOrAnotherPortToVelocityFailsNetworkPolicies() {
        DeploymentReport report = REPOSITORY.append("network-policies.yaml", """
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata:
                  name: debug-open
                  namespace: velocity
                spec:
                  podSelector:
                    matchLabels:
                      app.kubernetes.io/name: velocity
                  policyTypes: [Ingress, Egress]
                  ingress:
                    - ports:
                        - port: 9080
                  egress:
                    - {}
                """).review();
        failsOnly(report, ClusterItem.NETWORK_POLICIES, "NetworkPolicy velocity/debug-open ingress rule 1 admits traffic "
                + "from every source");
        failsOnly(report, ClusterItem.NETWORK_POLICIES, "NetworkPolicy velocity/debug-open egress rule 1 allows every port");
        failsOnly(report, ClusterItem.NETWORK_POLICIES, "debug-open admits port 9080 to the Velocity pods");
    }

    @Test
    void aContainerWithoutRunAsNonRootFailsPodSecurity() {
        DeploymentReport report = REPOSITORY.replace("velocity-api.yaml", """
                      securityContext:
                        runAsNonRoot: true
                        runAsUser: 1001
                        runAsGroup: 1001
                """, """
                      securityContext:
                        runAsGroup: 1001
                """).replace("velocity-api.yaml", """
                          securityContext:
                            runAsNonRoot: true
                            runAsUser: 1001
                            allowPrivilegeEscalation: false
                """, """
                          securityContext:
                            allowPrivilegeEscalation: false
                """).review();
        failsOnly(report, ClusterItem.POD_SECURITY, "deploy/kubernetes/velocity-api.yaml: Deployment velocity/velocity-api "
                + "container velocity: no runAsNonRoot");
    }

    @Test
    void aSidecarThatMayEscalateAndANamespaceWithoutRestrictedFailPodSecurity() {
        DeploymentReport report = REPOSITORY.replace("velocity-api.yaml", """
                      volumes:
                        - name: tls
                """, """
                        - name: debug
                          image: busybox:1.36
                          securityContext:
                            runAsUser: 0
                      volumes:
                        - name: tls
                """).replace("namespace.yaml", "pod-security.kubernetes.io/enforce: restricted",
                "pod-security.kubernetes.io/enforce: baseline").review();
        ClusterFinding finding = failsOnly(report, ClusterItem.POD_SECURITY, "container debug: runAsUser 0 (root)",
                "allowPrivilegeEscalation not set", "capabilities not dropped", "root filesystem writable");
        assertTrue(finding.evidence().contains("deploy/kubernetes/namespace.yaml: Namespace velocity has "
                + "pod-security.kubernetes.io/enforce=baseline, not restricted"), lines(finding));
    }

    @Test
    void aSecretWithDataInTheRepositoryFailsExternalSecrets() {
        DeploymentReport report = REPOSITORY.append("external-secrets.yaml", """
                apiVersion: v1
                kind: Secret
                metadata:
                  name: velocity-api-secrets-local
                  namespace: velocity
                stringData:
                  db-password: hunter2-but-longer
                """).review();
        ClusterFinding finding = failsOnly(report, ClusterItem.EXTERNAL_SECRETS,
                "deploy/kubernetes/external-secrets.yaml: Secret velocity/velocity-api-secrets-local holds secret data "
                        + "in the repository (keys db-password)");
        assertFalse(String.join("\n", finding.evidence()).contains("hunter2"), "a secret value leaked into evidence");
    }

    @Test
    void aLiteralPasswordInTheEnvironmentFailsExternalSecretsWithoutShowingIt() {
        DeploymentReport report = REPOSITORY.replace("velocity-api.yaml", """
                            - name: VELOCITY_DB_PASSWORD
                              valueFrom:
                                secretKeyRef:
                                  name: velocity-api-secrets
                                  key: db-password
                """, """
                            - name: VELOCITY_DB_PASSWORD
                              value: s3cr3t-Passw0rd
                """).review();
        ClusterFinding finding = failsOnly(report, ClusterItem.EXTERNAL_SECRETS,
                "container velocity sets VELOCITY_DB_PASSWORD to a literal value");
        assertFalse(String.join("\n", finding.evidence()).contains("s3cr3t"), "a secret value leaked into evidence");
    }

    @Test
    void aSecretNoExternalManagerWritesFailsExternalSecrets() {
        DeploymentReport report = REPOSITORY.removeDocument("external-secrets.yaml", "name: velocity-postgres-backup-s3")
                .review();
        failsOnly(report, ClusterItem.EXTERNAL_SECRETS, "Cluster velocity/velocity-postgres reads Secret "
                + "velocity-postgres-backup-s3, which no ExternalSecret");
    }

    @Test
    void withoutABackupDestinationBackupsFail() {
        DeploymentReport report = REPOSITORY.replace("postgres.yaml",
                "      destinationPath: s3://velocity-backups/postgres/\n", "").review();
        failsOnly(report, ClusterItem.POSTGRES_BACKUPS, "Cluster velocity/velocity-postgres archives nowhere");
    }

    @Test
    void aDestinationOutsideS3OrNoScheduledBackupFailsBackups() {
        DeploymentReport notS3 = REPOSITORY.replace("postgres.yaml", "s3://velocity-backups/postgres/",
                "gs://velocity-backups/postgres/").review();
        failsOnly(notS3, ClusterItem.POSTGRES_BACKUPS, "archives to gs://velocity-backups/postgres/, which is not S3");
        DeploymentReport unscheduled = REPOSITORY.removeDocument("postgres.yaml", "kind: ScheduledBackup").review();
        failsOnly(unscheduled, ClusterItem.POSTGRES_BACKUPS, "Cluster velocity/velocity-postgres has no ScheduledBackup");
    }

    @Test
    void withoutTheTamperingAlertAuditAlertingFails() {
        DeploymentReport report = REPOSITORY.replace("monitoring.yaml",
                "expr: max(velocity_audit_tampering_detected) > 0", "expr: vector(0) > 1").review();
        failsOnly(report, ClusterItem.AUDIT_ALERTING, "no PrometheusRule in the manifests alerts on "
                + "velocity_audit_tampering_detected", "VelocityAuditChainTampered");
    }

    @Test
    void withoutAScrapeOfTheServerAuditAlertingFails() {
        DeploymentReport report = REPOSITORY.removeDocument("monitoring.yaml", "kind: ServiceMonitor").review();
        failsOnly(report, ClusterItem.AUDIT_ALERTING, "no ServiceMonitor or PodMonitor selects the Velocity pods");
    }

    @Test
    void anUnreadableFileFailsEveryItemNamingTheFileAndLine() {
        DeploymentReport report = REPOSITORY.replace("postgres.yaml", "  instances: 3", "  instances: [3").review();
        for (ClusterFinding finding : report.findings()) {
            assertEquals(ClusterStatus.FAIL, finding.status(), finding.item().toString());
            assertTrue(finding.evidence().get(0).startsWith("deploy/kubernetes/postgres.yaml: is not valid YAML at line "),
                    finding.evidence().get(0));
        }
    }

    @Test
    void noFilesFailEveryItem() {
        DeploymentReport report = DeploymentReview.review(List.of());
        assertTrue(report.findings().stream().allMatch(f -> f.status() == ClusterStatus.FAIL
                && f.evidence().get(0).equals("no manifest file was given")));
    }
}
