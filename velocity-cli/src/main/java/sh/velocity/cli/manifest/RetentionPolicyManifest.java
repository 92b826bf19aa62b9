package sh.velocity.cli.manifest;

import jakarta.json.JsonObject;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A {@code kind: RetentionPolicy} manifest, which {@code velocity apply} turns into
 * {@code PUT /api/v1/audit/retention/{metadata.namespace}} with {@code {"retain": spec.audit.retain}}:
 *
 * <pre>
 * apiVersion: velocity.sh/v1
 * kind: RetentionPolicy
 * metadata:
 *   name: acme-audit
 *   namespace: acme             # the organisation whose audit months it governs
 * spec:
 *   audit:
 *     retain: 400d              # days (at least 30, the server checks), or "forever"
 * </pre>
 */
public record RetentionPolicyManifest(ManifestDocument document, String name, String namespace, String retain) {

    public static final String KIND = "RetentionPolicy";
    private static final Pattern NAMESPACE = Pattern.compile("[a-z][a-z0-9-]{0,62}");
    private static final Pattern RETAIN = Pattern.compile("[1-9][0-9]{0,5}d|forever");

    public static RetentionPolicyManifest of(ManifestDocument d) {
        d.requireApiVersion();
        d.onlyKeys(d.content(), Set.of("apiVersion", "kind", "metadata", "spec"), "");
        JsonObject metadata = d.object(d.content(), "metadata", "");
        d.onlyKeys(metadata, Set.of("name", "namespace", "labels", "annotations"), "metadata.");
        String name = d.requiredString(metadata, "name", "metadata.");
        String namespace = d.requiredString(metadata, "namespace", "metadata.");
        if (!NAMESPACE.matcher(namespace).matches()) {
            throw d.invalid("metadata.namespace must match " + NAMESPACE.pattern());
        }
        JsonObject spec = d.object(d.content(), "spec", "");
        d.onlyKeys(spec, Set.of("audit"), "spec.");
        JsonObject audit = d.object(spec, "audit", "spec.");
        d.onlyKeys(audit, Set.of("retain"), "spec.audit.");
        String retain = d.requiredString(audit, "retain", "spec.audit.");
        if (!RETAIN.matcher(retain).matches()) {
            throw d.invalid("spec.audit.retain is a number of days like 400d, or forever");
        }
        return new RetentionPolicyManifest(d, name, namespace, retain);
    }
}
