package sh.velocity.compliance.domain.deployment;

import java.util.List;
import java.util.Optional;

/**
 * What the manifests deploy, as the checks and their live commands need it: the Velocity pods, the
 * Services in front of them, the PostgreSQL clusters, and the names to put in a kubectl command
 * (namespace, {@code deployment/velocity-api}, ...), with the conventional names when the manifests
 * lack the object.
 */
record Deployed(ManifestSet manifests, List<PodTemplate> templates, List<PodTemplate> velocity,
        List<KubeObject> services, List<KubeObject> postgresClusters) {

    static final int DEFAULT_HTTPS_PORT = 9443;

    static Deployed of(ManifestSet manifests) {
        List<PodTemplate> templates = PodTemplate.in(manifests);
        List<PodTemplate> velocity = templates.stream().filter(PodTemplate::runsVelocity).toList();
        List<KubeObject> services = manifests.of("", "Service").toList();
        List<KubeObject> clusters = manifests.of("postgresql.cnpg.io", "Cluster").toList();
        return new Deployed(manifests, templates, velocity, services, clusters);
    }

    /** The Services in {@code pod}'s namespace whose selector picks its pods. */
    List<KubeObject> servicesOf(PodTemplate pod) {
        return services.stream().filter(s -> s.namespace().equals(pod.namespace()))
                .filter(s -> Selectors.plainMatches(Nodes.strings(s.body(), "spec", "selector"), pod.labels()))
                .toList();
    }

    /** The port Velocity's HTTPS listener uses in this container ({@code VELOCITY_HTTPS_PORT}, else 9443). */
    static int httpsPort(Container container) {
        return container.literalEnv("VELOCITY_HTTPS_PORT").filter(p -> p.matches("\\d{1,5}"))
                .map(Integer::parseInt).orElse(DEFAULT_HTTPS_PORT);
    }

    String namespace() {
        return velocity.stream().map(PodTemplate::namespace).findFirst()
                .or(() -> manifests.of("", "Namespace").map(KubeObject::name).findFirst())
                .orElse("velocity");
    }

    /** {@code deployment/velocity-api}: the Velocity workload as kubectl names it. */
    String workload() {
        return velocity.stream().findFirst().map(p -> p.owner().kind().toLowerCase() + "/" + p.owner().name())
                .orElse("deployment/velocity-api");
    }

    String service() {
        return velocity.stream().flatMap(p -> servicesOf(p).stream()).map(KubeObject::name).findFirst()
                .orElse("velocity-api");
    }

    Optional<KubeObject> postgres() {
        return postgresClusters.stream().findFirst();
    }
}
