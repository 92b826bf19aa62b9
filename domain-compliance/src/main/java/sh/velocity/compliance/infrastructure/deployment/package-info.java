/**
 * Finds the deployment manifests packaged into this module's jar ({@code META-INF/velocity/deploy/},
 * copied from {@code deploy/kubernetes/} by the build) for the checklist's cluster items.
 */
package sh.velocity.compliance.infrastructure.deployment;
