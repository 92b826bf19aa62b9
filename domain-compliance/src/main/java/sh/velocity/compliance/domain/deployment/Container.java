package sh.velocity.compliance.domain.deployment;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** One container (or init container) of a pod template, as its manifest describes it. */
record Container(PodTemplate pod, String name, boolean init, Map<?, ?> body) {

    String image() {
        return Nodes.text(body, "image").orElse("");
    }

    /**
     * Whether the image is Velocity's: its repository's last path segment is {@code velocity}
     * ({@code ghcr.io/velocity-sh/velocity:0.1.0}), whatever the registry, tag or digest.
     */
    boolean runsVelocity() {
        String image = image();
        int at = image.indexOf('@');
        if (at >= 0) {
            image = image.substring(0, at);
        }
        int slash = image.lastIndexOf('/');
        int colon = image.lastIndexOf(':');
        if (colon > slash) {
            image = image.substring(0, colon);
        }
        return image.substring(slash + 1).equals("velocity");
    }

    Map<?, ?> securityContext() {
        return Nodes.map(body, "securityContext");
    }

    List<?> env() {
        return Nodes.list(body, "env");
    }

    /** The literal {@code value} of environment variable {@code name}, if it has one. */
    Optional<String> literalEnv(String name) {
        return env().stream().filter(e -> name.equals(Nodes.text(e, "name").orElse(null)))
                .findFirst().flatMap(e -> Nodes.text(e, "value"));
    }

    /** Whether environment variable {@code name} is set at all (literally or from a reference). */
    boolean setsEnv(String name) {
        return env().stream().anyMatch(e -> name.equals(Nodes.text(e, "name").orElse(null)));
    }

    List<?> ports() {
        return Nodes.list(body, "ports");
    }

    /** A probe's or a Service's port, a number or the name of one of this container's ports. */
    Optional<Integer> resolvePort(String port) {
        if (port.matches("\\d{1,5}")) {
            return Optional.of(Integer.parseInt(port));
        }
        return ports().stream().filter(p -> port.equals(Nodes.text(p, "name").orElse(null)))
                .findFirst().flatMap(p -> Nodes.text(p, "containerPort")).filter(s -> s.matches("\\d{1,5}"))
                .map(Integer::parseInt);
    }

    /** {@code <file>: Deployment ns/name container velocity} (or {@code init container}). */
    String where() {
        return pod.owner().where() + (init ? " init container " : " container ") + name;
    }
}
