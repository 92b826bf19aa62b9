package sh.velocity.compliance.domain.deployment;

import java.util.Map;

/**
 * One Kubernetes object of a manifest file: its identity and its whole body. Evidence names it as
 * {@link #where()}, so a reader can find it in the repository.
 */
record KubeObject(String file, String apiVersion, String kind, String name, String namespace, Map<?, ?> body) {

    static final String DEFAULT_NAMESPACE = "default";

    static KubeObject of(String file, Map<?, ?> body) {
        return new KubeObject(file,
                Nodes.text(body, "apiVersion").orElse(""),
                Nodes.text(body, "kind").orElse(""),
                Nodes.text(body, "metadata", "name").orElse("(unnamed)"),
                Nodes.text(body, "metadata", "namespace").orElse(DEFAULT_NAMESPACE),
                body);
    }

    /** Whether this is a {@code kind} of the API group {@code group} ("" for the core group). */
    boolean is(String group, String kind) {
        if (!this.kind.equals(kind)) {
            return false;
        }
        int slash = apiVersion.indexOf('/');
        String ownGroup = slash < 0 ? "" : apiVersion.substring(0, slash);
        return ownGroup.equals(group);
    }

    /** {@code Kind namespace/name}, e.g. {@code Deployment velocity/velocity-api}. */
    String ref() {
        return kind + " " + namespace + "/" + name;
    }

    /** {@code Kind name} for cluster-scoped objects. */
    String clusterRef() {
        return kind + " " + name;
    }

    /** The file and the object: where evidence points a reader. */
    String where() {
        return file + ": " + ref();
    }

    Object at(String... path) {
        return Nodes.at(body, path);
    }
}
