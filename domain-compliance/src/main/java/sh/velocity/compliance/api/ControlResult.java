package sh.velocity.compliance.api;

import java.util.List;

/**
 * One schema against one control: {@code pass}, {@code fail}, {@code waived} or
 * {@code not-applicable}; {@code fields} lists the fields that fail (or are waived) for a field-scoped
 * control, {@code waivers} the waivers that excuse it.
 */
public record ControlResult(String schemaPath, String pack, String control, String title, String severity,
                            String status, List<String> fields, String message, List<String> waivers) {

    public ControlResult {
        fields = List.copyOf(fields);
        waivers = List.copyOf(waivers);
    }
}
