package sh.velocity.compliance.api;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * A pack as enabled for a namespace (or as shipped, {@code namespace} null), with its controls
 * resolved (a {@code builtin} pack's controls first). {@code updatedAt}/{@code updatedBy} are null
 * for shipped packs.
 */
public record PackView(String namespace, String name, String builtin, String title, String description,
                       int generation, List<ControlView> controls, OffsetDateTime updatedAt, String updatedBy) {

    public PackView {
        controls = List.copyOf(controls);
    }

    /** One control: the CEL of {@code when} and {@code rule} as written. */
    public record ControlView(String id, String title, String severity, String scope, String when, String rule,
                              String message) {
    }
}
