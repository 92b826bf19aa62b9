package sh.velocity.cli.manifest;

import jakarta.json.JsonObject;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A {@code kind: RoleBinding} manifest, which {@code velocity apply} turns into
 * {@code POST /api/v1/role-bindings} with {@code {principal, role, schemaPrefix: spec.path}}:
 *
 * <pre>
 * apiVersion: velocity.sh/v1
 * kind: RoleBinding
 * metadata:
 *   name: po-readers            # names the document in output; the server identifies a binding by id
 * spec:
 *   principal: alice            # a user or an API key's principal
 *   role: reader                # platform-admin | schema-admin | reviewer | writer | reader | auditor
 *   path: acme/supply-chain     # a schema-path prefix (1 to 5 segments) or "*"
 * </pre>
 *
 * A binding is its (principal, role, path): applying the same manifest again finds the binding and
 * changes nothing. Keys outside these are refused, so a misspelt one is not silently dropped.
 */
public record RoleBindingManifest(ManifestDocument document, String name, String principal, String role, String path) {

    public static final String KIND = "RoleBinding";
    private static final Pattern NAME = Pattern.compile("[a-z0-9]([a-z0-9.-]{0,61}[a-z0-9])?");

    public static RoleBindingManifest of(ManifestDocument d) {
        d.requireApiVersion();
        d.onlyKeys(d.content(), Set.of("apiVersion", "kind", "metadata", "spec"), "");
        JsonObject metadata = d.object(d.content(), "metadata", "");
        d.onlyKeys(metadata, Set.of("name", "labels", "annotations"), "metadata.");
        String name = d.requiredString(metadata, "name", "metadata.");
        if (!NAME.matcher(name).matches()) {
            throw d.invalid("metadata.name must be lower-case letters, digits, '-' and '.' (up to 63)");
        }
        JsonObject spec = d.object(d.content(), "spec", "");
        d.onlyKeys(spec, Set.of("principal", "role", "path"), "spec.");
        return new RoleBindingManifest(d, name, d.requiredString(spec, "principal", "spec."),
                d.requiredString(spec, "role", "spec."), d.requiredString(spec, "path", "spec."));
    }
}
