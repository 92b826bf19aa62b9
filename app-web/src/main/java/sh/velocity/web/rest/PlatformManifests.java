package sh.velocity.web.rest;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import sh.velocity.kernel.problem.ErrorCode;
import sh.velocity.kernel.problem.FieldError;
import sh.velocity.kernel.problem.VelocityException;

/**
 * The two manifest kinds that {@code POST /schemas} admits besides SchemaDefinition and
 * CompliancePack, read strictly (unknown keys are refused, so a misspelt one is not silently
 * dropped) into the body of their own routes' services:
 *
 * <pre>
 * apiVersion: velocity.sh/v1          apiVersion: velocity.sh/v1
 * kind: RoleBinding                   kind: RetentionPolicy
 * metadata:                           metadata:
 *   name: po-readers                    name: acme-audit
 * spec:                                 namespace: acme
 *   principal: alice                  spec:
 *   role: reader                        audit:
 *   path: acme/supply-chain               retain: 400d     # or forever
 * </pre>
 *
 * The same formats as {@code velocity apply} sends to {@code /role-bindings} and
 * {@code /audit/retention/{namespace}}.
 */
final class PlatformManifests {

    static final String ROLE_BINDING = "RoleBinding";
    static final String RETENTION_POLICY = "RetentionPolicy";
    private static final String API_VERSION = "velocity.sh/v1";
    private static final Pattern NAME = Pattern.compile("[a-z0-9]([a-z0-9.-]{0,61}[a-z0-9])?");
    private static final Pattern NAMESPACE = Pattern.compile("[a-z][a-z0-9-]{0,62}");

    private PlatformManifests() {
    }

    /** {@code spec.path} is the binding's schema-path prefix (1 to 5 segments) or {@code *}. */
    record RoleBinding(String name, String principal, String role, String path) {
    }

    record RetentionPolicy(String name, String namespace, String retain) {
    }

    static RoleBinding roleBinding(Map<?, ?> root) {
        Reader r = new Reader(ROLE_BINDING, root);
        Map<?, ?> spec = r.mapping(root, "spec", "");
        r.onlyKeys(spec, Set.of("principal", "role", "path"), "spec.");
        RoleBinding out = new RoleBinding(r.name, r.text(spec, "principal", "spec."), r.text(spec, "role", "spec."),
                r.text(spec, "path", "spec."));
        r.done();
        return out;
    }

    static RetentionPolicy retentionPolicy(Map<?, ?> root) {
        Reader r = new Reader(RETENTION_POLICY, root);
        String namespace = r.text(r.metadata, "namespace", "metadata.");
        if (namespace != null && !NAMESPACE.matcher(namespace).matches()) {
            r.errors.add(new FieldError("metadata.namespace", "an organisation: [a-z][a-z0-9-]{0,62}"));
        }
        Map<?, ?> spec = r.mapping(root, "spec", "");
        r.onlyKeys(spec, Set.of("audit"), "spec.");
        Map<?, ?> audit = r.mapping(spec, "audit", "spec.");
        r.onlyKeys(audit, Set.of("retain"), "spec.audit.");
        RetentionPolicy out = new RetentionPolicy(r.name, namespace, r.text(audit, "retain", "spec.audit."));
        r.done();
        return out;
    }

    /** Collects every problem of one document, then refuses it whole with INVALID_MANIFEST. */
    private static final class Reader {

        private final String kind;
        private final List<FieldError> errors = new ArrayList<>();
        private final Map<?, ?> metadata;
        private final String name;

        Reader(String kind, Map<?, ?> root) {
            this.kind = kind;
            if (!API_VERSION.equals(root.get("apiVersion"))) {
                errors.add(new FieldError("apiVersion", "apiVersion must be " + API_VERSION));
            }
            onlyKeys(root, Set.of("apiVersion", "kind", "metadata", "spec"), "");
            metadata = mapping(root, "metadata", "");
            onlyKeys(metadata, RETENTION_POLICY.equals(kind) ? Set.of("name", "namespace", "labels", "annotations")
                    : Set.of("name", "labels", "annotations"), "metadata.");
            name = text(metadata, "name", "metadata.");
            if (name != null && !NAME.matcher(name).matches()) {
                errors.add(new FieldError("metadata.name", "lower-case letters, digits, '-' and '.' (up to 63)"));
            }
        }

        Map<?, ?> mapping(Map<?, ?> parent, String key, String at) {
            Object v = parent == null ? null : parent.get(key);
            if (v instanceof Map<?, ?> m) {
                return m;
            }
            if (parent != null) {
                errors.add(new FieldError(at + key, v == null ? "is required" : "must be a mapping"));
            }
            return null;
        }

        String text(Map<?, ?> parent, String key, String at) {
            Object v = parent == null ? null : parent.get(key);
            if (v instanceof String s && !s.isBlank()) {
                return s;
            }
            if (parent != null) {
                errors.add(new FieldError(at + key, v == null ? "is required" : "must be text"));
            }
            return null;
        }

        void onlyKeys(Map<?, ?> node, Set<String> allowed, String at) {
            if (node == null) {
                return;
            }
            for (Object key : node.keySet()) {
                if (!(key instanceof String k) || !allowed.contains(k)) {
                    String shown = String.valueOf(key).replaceAll("\\p{Cntrl}", "?");
                    errors.add(new FieldError(at + (shown.length() > 64 ? shown.substring(0, 61) + "..." : shown),
                            "unknown key; expected one of " + String.join(", ", allowed.stream().sorted().toList())));
                }
            }
        }

        void done() {
            if (!errors.isEmpty()) {
                throw new VelocityException(ErrorCode.INVALID_MANIFEST, "The " + kind + " was rejected: "
                        + String.join("; ", errors.stream().limit(5).map(e -> e.field() + " " + e.message()).toList())
                        + (errors.size() > 5 ? "; and " + (errors.size() - 5) + " more" : ""), errors);
            }
        }
    }
}
