package sh.velocity.records.api;

import java.util.Map;

/**
 * A page request: {@code limit} (1–1000), the opaque {@code cursor} of the previous page,
 * equality {@code filters} on declared fields (values as sent in the query string), and
 * {@code sort}: a field, {@code createdAt} or {@code updatedAt}, prefixed with {@code -} for
 * descending (default {@code createdAt}).
 */
public record ListQuery(int limit, String cursor, Map<String, String> filters, String sort) {

    public ListQuery {
        filters = filters == null ? Map.of() : Map.copyOf(filters);
    }
}
