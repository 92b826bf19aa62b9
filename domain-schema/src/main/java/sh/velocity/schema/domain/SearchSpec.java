package sh.velocity.schema.domain;

import java.util.List;

/**
 * Which search tier serves a record type and which textual fields it indexes: tier 2 is
 * PostgreSQL full-text only, tier 3 also feeds the search engine through the outbox. Admission keeps
 * the tier at 2 or 3 and every listed field an existing string or text field.
 */
public record SearchSpec(int tier, List<String> fields) {

    public static final int POSTGRES_TIER = 2;
    public static final int ENGINE_TIER = 3;

    /** What a manifest without a {@code search} block gets: tier 2, nothing indexed. */
    public static final SearchSpec DEFAULT = new SearchSpec(POSTGRES_TIER, List.of());

    public SearchSpec {
        fields = fields == null ? List.of() : List.copyOf(fields);
    }
}
