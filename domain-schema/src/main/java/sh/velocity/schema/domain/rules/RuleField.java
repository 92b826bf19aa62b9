package sh.velocity.schema.domain.rules;

import java.util.Objects;
import java.util.Set;

/**
 * One declared field as a validation rule sees it: its name (the member of {@code self}), its
 * manifest type and its {@code maxLength}.
 *
 * <p>It exists so the rule engine depends only on the three facts it needs, not on the manifest
 * model. The invariant it protects is that every field a rule can read has a known CEL type and,
 * for textual fields, a known worst-case length: the cost estimate prices a string operation at
 * the field's {@code maxLength}, so a field with an unknown length would make the estimate
 * meaningless. A textual field without a maxLength is still accepted (admission rejects such
 * manifests elsewhere), but it is priced at {@link #UNBOUNDED_TEXT_LENGTH}, the request-body limit,
 * so every costly operation on it is refused.
 *
 * @param name      the field name, as written after {@code self.} in a rule
 * @param type      the manifest type: string, text, integer, decimal, boolean, date, timestamp or uuid
 * @param maxLength the maximum length in characters (code points) for string and text; ignored for
 *                  the other types
 */
public record RuleField(String name, String type, Integer maxLength) {

    /** The manifest types a field may have (CONTRACT.md §1). */
    public static final Set<String> TYPES =
            Set.of("string", "text", "integer", "decimal", "boolean", "date", "timestamp", "uuid");

    /** The length a textual field without maxLength is priced at: the 10 MiB request-body limit. */
    public static final long UNBOUNDED_TEXT_LENGTH = 10L * 1024 * 1024;

    /** The length of a uuid in its canonical text form. */
    public static final int UUID_TEXT_LENGTH = 36;

    public RuleField {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        if (name.isBlank()) {
            throw new IllegalArgumentException("a rule field needs a name");
        }
        if (!TYPES.contains(type)) {
            throw new IllegalArgumentException("unknown field type '" + type + "' for field '" + name
                    + "'; expected one of " + String.join(", ", TYPES.stream().sorted().toList()));
        }
        if (maxLength != null && maxLength < 0) {
            throw new IllegalArgumentException("maxLength of field '" + name + "' must not be negative");
        }
    }

    /** True for string and text, the types whose values the cost estimate prices by length. */
    public boolean textual() {
        return type.equals("string") || type.equals("text");
    }

    /**
     * The longest value the field can hold, in characters: maxLength for textual fields (or
     * {@link #UNBOUNDED_TEXT_LENGTH} without one), 36 for uuid, and 1 for scalars.
     */
    public long worstCaseLength() {
        if (textual()) {
            return maxLength == null ? UNBOUNDED_TEXT_LENGTH : maxLength;
        }
        return type.equals("uuid") ? UUID_TEXT_LENGTH : 1;
    }
}
