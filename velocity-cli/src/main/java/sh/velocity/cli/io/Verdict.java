package sh.velocity.cli.io;

import jakarta.json.Json;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.List;
import sh.velocity.audit.domain.export.ExportVerification;

/**
 * The outcome of verifying a chain, from the server or from an export file, printed the same way
 * either way: CONTRACT.md's line ({@code ✓ Audit chain valid (N events, 0 tampering detected)} or
 * {@code ✗ Audit chain invalid (hash mismatch at event K)}), then the details, or one JSON object.
 */
public record Verdict(String source, String chain, boolean valid, long events, long tampered, Long firstBadEvent,
                      Long line, String reason, String expected, String actual, Long checkpoints, Boolean keysPinned) {

    /** {@code GET /api/v1/audit/verify}'s answer. */
    public static Verdict ofServer(JsonObject o) {
        return new Verdict("server", o.getString("chain", null), o.getBoolean("valid", false),
                longOf(o, "events", 0L), longOf(o, "tampered", 0L), longOf(o, "firstBadEvent", null), null,
                o.getString("reason", null), o.getString("expected", null), o.getString("actual", null), null, null);
    }

    public static Verdict ofExport(ExportVerification v) {
        return new Verdict("export", v.chain(), v.valid(), v.events(), v.tampered(), v.firstBadEvent(),
                v.firstBadLine(), v.reason(), v.expected(), v.actual(), v.checkpoints(), v.keysPinned());
    }

    /** The contract's one-line verdict, without colour. */
    public String headline() {
        if (valid) {
            return "✓ Audit chain valid (" + events + " events, 0 tampering detected)";
        }
        String where = firstBadEvent != null ? " at event " + firstBadEvent : line != null ? " at line " + line : "";
        return "✗ Audit chain invalid (" + label() + where + ")";
    }

    /** Indented lines under the headline: what was found, where, and what was expected. */
    public List<String> details() {
        List<String> lines = new ArrayList<>();
        if (!valid) {
            lines.add("  reason:   " + reason);
            if (line != null) {
                lines.add("  line:     " + line);
            }
            if (expected != null) {
                lines.add("  expected: " + expected);
            }
            if (actual != null) {
                lines.add("  actual:   " + actual);
            }
            lines.add("  " + tampered + " tampering detected in " + events + " events");
        }
        if (checkpoints != null) {
            lines.add("  " + checkpoints + " signed checkpoint" + (checkpoints == 1 ? "" : "s") + " verified with "
                    + (Boolean.TRUE.equals(keysPinned) ? "the trusted keys given"
                    : "the keys the export lists (pin the server's key with --trusted-key)"));
        }
        return lines;
    }

    public JsonObject json() {
        JsonObjectBuilder b = Json.createObjectBuilder().add("source", source);
        add(b, "chain", chain);
        b.add("valid", valid).add("events", events).add("tampered", tampered);
        add(b, "firstBadEvent", firstBadEvent);
        add(b, "line", line);
        add(b, "reason", reason);
        add(b, "expected", expected);
        add(b, "actual", actual);
        add(b, "checkpoints", checkpoints);
        if (keysPinned != null) {
            b.add("keysPinned", keysPinned);
        }
        return b.build();
    }

    /** A short name for the first problem, from the reasons the server and the export verifier give. */
    private String label() {
        String r = reason == null ? "" : reason;
        if (r.startsWith("hash mismatch")) {
            return "hash mismatch";
        }
        if (r.startsWith("broken link")) {
            return "broken link";
        }
        if (r.startsWith("sequence break")) {
            return "sequence break";
        }
        if (r.startsWith("chain ends at") || r.contains("cut short")) {
            return "missing events";
        }
        if (r.contains("beyond the chain head") || r.contains("chain head")) {
            return "chain head mismatch";
        }
        if (r.contains("signature")) {
            return "bad checkpoint signature";
        }
        if (r.contains("trusted keys") || r.contains("does not list") || r.contains("does not trust")) {
            return "untrusted checkpoint key";
        }
        if (r.startsWith("the end line counts")) {
            return "count mismatch";
        }
        if (r.startsWith("key ")) {
            return "bad key in the header";
        }
        if (r.contains("digest")) {
            return "export digest mismatch";
        }
        if (r.contains("checkpoint")) {
            return "checkpoint mismatch";
        }
        if (r.contains("well-formed") || r.contains("UTF-8") || r.contains("longer than") || r.contains("line ")) {
            return "malformed export";
        }
        return "tampering";
    }

    private static Long longOf(JsonObject o, String key, Long fallback) {
        JsonValue v = o.get(key);
        return v instanceof JsonNumber n ? n.longValue() : fallback;
    }

    private static void add(JsonObjectBuilder b, String key, String value) {
        if (value == null) {
            b.addNull(key);
        } else {
            b.add(key, value);
        }
    }

    private static void add(JsonObjectBuilder b, String key, Long value) {
        if (value == null) {
            b.addNull(key);
        } else {
            b.add(key, value);
        }
    }
}
