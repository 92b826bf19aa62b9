package sh.velocity.compliance.domain.deployment;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Walks the maps, lists and scalars SnakeYAML makes of a manifest. A missing or differently shaped
 * node reads as empty, never as an exception: manifests are judged, not trusted to be well formed.
 */
final class Nodes {

    private Nodes() {
    }

    static Object at(Object node, String... path) {
        Object current = node;
        for (String key : path) {
            if (!(current instanceof Map<?, ?> map)) {
                return null;
            }
            current = map.get(key);
        }
        return current;
    }

    static Map<?, ?> map(Object node, String... path) {
        return at(node, path) instanceof Map<?, ?> map ? map : Map.of();
    }

    static List<?> list(Object node, String... path) {
        return at(node, path) instanceof List<?> list ? list : List.of();
    }

    /** A scalar as text (numbers and booleans too); empty for a map, a list or nothing. */
    static Optional<String> text(Object node, String... path) {
        Object value = at(node, path);
        if (value == null || value instanceof Map<?, ?> || value instanceof List<?>) {
            return Optional.empty();
        }
        return Optional.of(String.valueOf(value));
    }

    static boolean isTrue(Object node, String... path) {
        return text(node, path).map("true"::equalsIgnoreCase).orElse(false);
    }

    /** A mapping of scalars (labels, a Service selector) as strings. */
    static Map<String, String> strings(Object node, String... path) {
        Map<String, String> out = new LinkedHashMap<>();
        map(node, path).forEach((k, v) -> {
            if (k != null && v != null && !(v instanceof Map<?, ?>) && !(v instanceof List<?>)) {
                out.put(String.valueOf(k), String.valueOf(v));
            }
        });
        return out;
    }
}
