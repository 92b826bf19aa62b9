package sh.velocity.records.api;

import jakarta.json.JsonObject;
import java.util.List;

/** Search hits, best first, and the tier that answered (2: PostgreSQL full-text, 3: the search engine). */
public record SearchResult(List<JsonObject> items, int tier) {

    public SearchResult {
        items = List.copyOf(items);
    }
}
