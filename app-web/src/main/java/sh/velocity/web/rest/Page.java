package sh.velocity.web.rest;

import jakarta.json.bind.annotation.JsonbNillable;
import java.util.List;

/**
 * The one envelope of every paged route: {@code {"items": [...], "nextCursor": … | null}}.
 *
 * <p>Equality is identity, not the record's component-wise default: JSON-B (Yasson) puts every
 * object it serialises into a hash set to detect cycles, and the default hash walks every item
 * of the page — for a list of 100 records, the deep hash of 100 JSON objects on every response
 * (10 % of the server's CPU samples on {@code list?limit=100}, docs/benchmarks.md). Nothing
 * compares pages.
 */
@JsonbNillable
public record Page<T>(List<T> items, String nextCursor) {

    @Override
    public boolean equals(Object other) {
        return this == other;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }
}
