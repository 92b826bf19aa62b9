/**
 * Reads the Kubernetes manifests shipped in {@code deploy/kubernetes/} and judges the hardening
 * checklist's cluster items (13 to 18) by them: what the repository says about TLS, network
 * policies, pod security, secrets, backups and alerting. The manifests can show that an item is
 * contradicted ({@link sh.velocity.compliance.domain.deployment.ClusterStatus#FAIL}); they cannot show
 * that a cluster was deployed from them, so an item they support is
 * {@link sh.velocity.compliance.domain.deployment.ClusterStatus#MANUAL}, with the kubectl commands
 * that check it on the live cluster. Plain Java and SnakeYAML: no container, no database.
 */
package sh.velocity.compliance.domain.deployment;
