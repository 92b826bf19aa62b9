package sh.velocity.records.domain;

import java.util.Map;
import java.util.UUID;

/**
 * A validated page request in database terms: the sort column (a checked identifier), its
 * direction, typed equality filters, and the keyset position after which the page starts (the
 * last row's sort value, possibly null, and id). Rows are ordered by the sort column with NULLs
 * last, then by id (descending with a descending sort on a never-null system column), so every
 * row has exactly one place and paging returns each once.
 */
public record PageRequest(String sortColumn, boolean descending, Map<String, Object> filters, boolean hasPosition,
                          Object afterValue, UUID afterId, int limit) {

    public PageRequest {
        filters = Map.copyOf(filters);
    }
}
