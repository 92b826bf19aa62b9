package sh.velocity.web.rest;

import jakarta.json.bind.annotation.JsonbNillable;
import java.util.List;

/** The one envelope of every paged route: {@code {"items": [...], "nextCursor": … | null}}. */
@JsonbNillable
public record Page<T>(List<T> items, String nextCursor) {
}
