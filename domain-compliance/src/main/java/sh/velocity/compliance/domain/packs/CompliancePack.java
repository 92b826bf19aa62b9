package sh.velocity.compliance.domain.packs;

import java.util.List;
import java.util.Objects;

/**
 * A CompliancePack manifest as a value. A shipped pack has no namespace and no {@code builtin}; an
 * organisation's pack has its namespace and either takes a shipped pack's controls ({@code builtin},
 * resolved when it is evaluated, so a server upgrade brings the shipped pack's fixes) or declares its
 * own, or both (its own are added).
 */
public record CompliancePack(String namespace, String name, String builtin, String title, String description,
                             List<Control> controls) {

    public static final String API_VERSION = "velocity.sh/v1";
    public static final String KIND = "CompliancePack";

    public CompliancePack {
        Objects.requireNonNull(name, "name");
        controls = controls == null ? List.of() : List.copyOf(controls);
        title = title == null ? "" : title;
        description = description == null ? "" : description;
    }

    /** This pack with a shipped pack's controls in front of its own (ids do not clash: admission checks). */
    public CompliancePack resolvedWith(CompliancePack shipped) {
        List<Control> all = new java.util.ArrayList<>(shipped.controls());
        all.addAll(controls);
        return new CompliancePack(namespace, name, builtin, title.isEmpty() ? shipped.title() : title,
                description.isEmpty() ? shipped.description() : description, all);
    }
}
