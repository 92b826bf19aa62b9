package sh.velocity.schema.domain;

import static sh.velocity.schema.domain.ManifestProblems.quote;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import sh.velocity.kernel.problem.FieldError;

/**
 * Reads the untyped tree SnakeYAML produced into typed values, one lookup at a time, recording a
 * located error instead of throwing whenever a value has the wrong shape. It is where unknown keys are
 * caught (typo protection) and where no {@code ClassCastException} or {@code NumberFormatException}
 * can arise: every value is checked with {@code instanceof} before use. A wrong value reads as absent,
 * so the caller can keep going and report every problem at once.
 */
final class ManifestReader {

    private final List<FieldError> errors = new ArrayList<>();

    List<FieldError> errors() {
        return errors;
    }

    void error(String field, String message) {
        errors.add(new FieldError(field, message));
    }

    static String child(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    /**
     * The mapping at {@code path} with its text keys, or null when absent or not a mapping. Keys outside
     * {@code allowed} are reported and dropped; {@code allowed == null} accepts any text key.
     */
    Map<String, Object> mapping(Object node, String path, List<String> allowed) {
        if (node == null) {
            return null;
        }
        if (!(node instanceof Map<?, ?> raw)) {
            error(path.isEmpty() ? ManifestProblems.DOCUMENT : path,
                    (path.isEmpty() ? "the manifest" : path) + " must be a mapping (key: value pairs), got "
                            + describe(node));
            return null;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> entry : raw.entrySet()) {
            if (!(entry.getKey() instanceof String key)) {
                error(path.isEmpty() ? ManifestProblems.DOCUMENT : path,
                        (path.isEmpty() ? "top-level" : path) + " keys must be text, got " + describe(entry.getKey()));
            } else if (allowed != null && !allowed.contains(key)) {
                unknownKey(path, key, allowed);
            } else {
                out.put(key, entry.getValue());
            }
        }
        return out;
    }

    /** The list under {@code key}, or null when absent or not a list. */
    List<?> list(Map<String, Object> parent, String key, String path) {
        Object value = parent == null ? null : parent.get(key);
        if (value == null) {
            return null;
        }
        if (value instanceof List<?> items) {
            return items;
        }
        error(child(path, key), child(path, key) + " must be a list, got " + describe(value));
        return null;
    }

    /** The text under {@code key}, or null when absent or not text. */
    String text(Map<String, Object> parent, String key, String path) {
        return text(parent == null ? null : parent.get(key), child(path, key));
    }

    /** {@code value} as text, or null when null or not text. */
    String text(Object value, String at) {
        if (value == null || value instanceof String) {
            return (String) value;
        }
        String hint = value instanceof Boolean || value instanceof Number || value instanceof Date
                ? "; put it in quotes if you meant the text"
                : "";
        error(at, at + " must be text, got " + describe(value) + hint);
        return null;
    }

    /** The whole number under {@code key} if it fits an int, else null (reported unless absent). */
    Integer integer(Map<String, Object> parent, String key, String path) {
        Object value = parent == null ? null : parent.get(key);
        String at = child(path, key);
        if (value == null || value instanceof Integer) {
            return (Integer) value;
        }
        if (value instanceof Long || value instanceof BigInteger) {
            error(at, at + " is too large, got a number with " + value.toString().length() + " digits");
        } else {
            error(at, at + " must be a whole number, got " + describe(value));
        }
        return null;
    }

    /** The boolean under {@code key}, or {@code absent} when absent or not a boolean. */
    boolean bool(Map<String, Object> parent, String key, String path, boolean absent) {
        Object value = parent == null ? null : parent.get(key);
        if (value == null) {
            return absent;
        }
        if (value instanceof Boolean flag) {
            return flag;
        }
        error(child(path, key), child(path, key) + " must be true or false, got " + describe(value));
        return absent;
    }

    /** The enum constant spelled by the text under {@code key}, or null when absent or unknown. */
    <E> E choice(Map<String, Object> parent, String key, String path,
            Function<String, Optional<E>> lookup, String allowed) {
        String name = text(parent, key, path);
        if (name == null) {
            return null;
        }
        Optional<E> value = lookup.apply(name);
        if (value.isEmpty()) {
            error(child(path, key), child(path, key) + ": unknown value " + quote(name) + ", expected one of "
                    + allowed);
        }
        return value.orElse(null);
    }

    private void unknownKey(String path, String key, List<String> allowed) {
        String where = path.isEmpty() ? "unknown top-level key " : path + ": unknown key ";
        String suggestion = allowed.stream()
                .filter(candidate -> isNear(key, candidate))
                .findFirst()
                .map(candidate -> " (did you mean '" + candidate + "'?)")
                .orElse("");
        error(child(path, ManifestProblems.clip(key)),
                where + quote(key) + suggestion + "; expected one of " + String.join(", ", allowed));
    }

    /** Same word up to case, or at most two edits apart: the typos worth a suggestion. */
    private static boolean isNear(String typed, String candidate) {
        if (typed.equalsIgnoreCase(candidate)) {
            return true;
        }
        if (Math.abs(typed.length() - candidate.length()) > 2 || typed.length() > 40) {
            return false;
        }
        int[] previous = new int[candidate.length() + 1];
        int[] current = new int[candidate.length() + 1];
        for (int j = 0; j <= candidate.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= typed.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= candidate.length(); j++) {
                int cost = typed.charAt(i - 1) == candidate.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[candidate.length()] <= 2;
    }

    /** What kind of value the user wrote, in words, without repeating it. */
    static String describe(Object value) {
        if (value == null) {
            return "nothing (null)";
        } else if (value instanceof String) {
            return "text";
        } else if (value instanceof Boolean) {
            return "a boolean";
        } else if (value instanceof Integer || value instanceof Long || value instanceof BigInteger) {
            return "a whole number";
        } else if (value instanceof Number) {
            return "a decimal number";
        } else if (value instanceof Map) {
            return "a mapping";
        } else if (value instanceof List) {
            return "a list";
        } else if (value instanceof Collection) {
            return "a set";
        } else if (value instanceof Date) {
            return "a date";
        } else if (value instanceof byte[]) {
            return "binary data";
        }
        return "an unsupported value";
    }
}
