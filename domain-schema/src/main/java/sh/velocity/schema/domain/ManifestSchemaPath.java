package sh.velocity.schema.domain;

import static sh.velocity.schema.domain.ManifestProblems.clip;

import java.util.List;
import java.util.Map;
import sh.velocity.kernel.SchemaPath;

/**
 * Builds the {@link SchemaPath} from the five manifest keys it is spread over (metadata.namespace,
 * spec.domain, spec.subdomain, metadata.name, spec.version). SchemaPath owns the naming rules; this
 * class only makes sure each of its objections lands on the manifest key it is about, and that all of
 * them are reported at once.
 */
final class ManifestSchemaPath {

    /** Schema path segments in {@link SchemaPath} constructor order, where they sit in a manifest. */
    private static final List<String> SEGMENT_WORDS = List.of("namespace", "domain", "subdomain", "name", "version");
    private static final List<String> SEGMENT_PATHS =
            List.of("metadata.namespace", "spec.domain", "spec.subdomain", "metadata.name", "spec.version");

    private ManifestSchemaPath() {
    }

    /** The schema path, or null after reporting why it cannot be built. */
    static SchemaPath read(ManifestReader reader, Map<String, Object> metadata, Map<String, Object> spec) {
        String[] segments = new String[SEGMENT_PATHS.size()];
        boolean complete = true;
        for (int i = 0; i < segments.length; i++) {
            Map<String, Object> parent = SEGMENT_PATHS.get(i).startsWith("metadata.") ? metadata : spec;
            String section = SEGMENT_PATHS.get(i).startsWith("metadata.") ? "metadata" : "spec";
            segments[i] = reader.text(parent, SEGMENT_WORDS.get(i), section);
            if (segments[i] == null) {
                complete = false;
                if (parent != null && parent.get(SEGMENT_WORDS.get(i)) == null) {
                    reader.error(SEGMENT_PATHS.get(i), SEGMENT_PATHS.get(i) + " is required");
                }
            }
        }
        return complete ? checkedSchemaPath(reader, segments) : null;
    }

    /**
     * Builds the path, turning each of {@link SchemaPath}'s objections into an error on the manifest
     * key it is about. SchemaPath stops at the first bad segment, so a bad segment is replaced by a
     * placeholder and the path retried, to report every bad segment at once.
     */
    private static SchemaPath checkedSchemaPath(ManifestReader reader, String[] segments) {
        String[] probe = segments.clone();
        boolean failed = false;
        for (int attempt = 0; attempt <= probe.length; attempt++) {
            try {
                SchemaPath path = new SchemaPath(probe[0], probe[1], probe[2], probe[3], probe[4]);
                return failed ? null : path;
            } catch (IllegalArgumentException e) {
                failed = true;
                String message = e.getMessage() == null ? "" : e.getMessage();
                int segment = segmentNamedIn(message);
                if (segment >= 0) {
                    reader.error(SEGMENT_PATHS.get(segment), SEGMENT_PATHS.get(segment) + ": " + message);
                    probe[segment] = segment == 4 ? "v1" : "a";
                } else if (message.startsWith("derived PostgreSQL schema")) {
                    reader.error("spec.subdomain", "metadata.namespace, spec.domain and spec.subdomain are too long"
                            + " together: the PostgreSQL schema and role names made from them must fit "
                            + SchemaPath.MAX_IDENTIFIER_BYTES + " bytes; use shorter names");
                    probe[0] = "a";
                    probe[1] = "a";
                    probe[2] = "a";
                } else if (message.startsWith("derived PostgreSQL table")) {
                    reader.error("metadata.name", "metadata.name is too long: the PostgreSQL table names made from it"
                            + " and spec.version must fit " + SchemaPath.MAX_IDENTIFIER_BYTES
                            + " bytes; use a shorter name");
                    probe[3] = "a";
                } else {
                    reader.error("metadata.name", "the schema path is invalid: " + clip(message));
                    return null;
                }
            }
        }
        return null;
    }

    private static int segmentNamedIn(String message) {
        for (int i = 0; i < SEGMENT_WORDS.size(); i++) {
            if (message.startsWith(SEGMENT_WORDS.get(i) + " ")) {
                return i;
            }
        }
        return -1;
    }
}
