package sh.velocity.cli.manifest;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.Set;
import sh.velocity.cli.io.CliFailure;
import sh.velocity.cli.io.Table;

/**
 * One manifest document: where it starts ({@code source}, a file or {@code stdin}, and its first
 * line), its own text and media type (what is sent for a SchemaDefinition), and its content as JSON.
 */
public record ManifestDocument(String source, int line, String text, String mediaType, JsonObject content) {

    public static final String API_VERSION = "velocity.sh/v1";

    public String kind() {
        return string(content, "kind");
    }

    /** {@code metadata.name}, or null. */
    public String name() {
        return content.get("metadata") instanceof JsonObject m ? string(m, "name") : null;
    }

    /** {@code metadata.namespace}, or null. */
    public String namespace() {
        return content.get("metadata") instanceof JsonObject m ? string(m, "namespace") : null;
    }

    /** {@code FILE:LINE (Kind name)}: how messages and results name the document. */
    public String label() {
        String what = kind() == null ? "no kind" : Table.cell(kind(), 40) + (name() == null ? "" : " "
                + Table.cell(name(), 64));
        return source + ":" + line + " (" + what + ")";
    }

    /** A usage failure about this document. */
    public CliFailure invalid(String message) {
        return CliFailure.usage(label() + ": " + message);
    }

    /** The object at {@code key} of {@code parent}; a missing or other value is a usage failure. */
    public JsonObject object(JsonObject parent, String key, String where) {
        if (parent.get(key) instanceof JsonObject o) {
            return o;
        }
        throw invalid(where + key + " is required and must be a mapping");
    }

    /** The non-blank string at {@code key} of {@code parent}; else a usage failure. */
    public String requiredString(JsonObject parent, String key, String where) {
        String s = string(parent, key);
        if (s == null || s.isBlank()) {
            throw invalid(where + key + " is required and must be a string");
        }
        return s;
    }

    /** Refuses members of {@code o} outside {@code allowed}: a misspelt key must not be silently ignored. */
    public void onlyKeys(JsonObject o, Set<String> allowed, String where) {
        for (String k : o.keySet()) {
            if (!allowed.contains(k)) {
                throw invalid("unknown key " + where + Table.cell(k, 64) + " (allowed: " + String.join(", ",
                        allowed.stream().sorted().toList()) + ")");
            }
        }
    }

    /** Refuses a document whose apiVersion is not {@value #API_VERSION}. */
    public void requireApiVersion() {
        if (!API_VERSION.equals(string(content, "apiVersion"))) {
            throw invalid("apiVersion must be " + API_VERSION);
        }
    }

    private static String string(JsonObject o, String key) {
        JsonValue v = o.get(key);
        return v instanceof JsonString s ? s.getString() : null;
    }
}
