package sh.velocity.records.api;

import jakarta.json.JsonObject;
import java.util.List;

/** One page of records (masked) and the opaque cursor of the next page, or null at the end. */
public record RecordPage(List<JsonObject> items, String nextCursor) {
}
