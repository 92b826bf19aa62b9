package sh.velocity.compliance.domain.packs;

import java.util.Objects;

/**
 * One control of a pack: {@code when} (a CEL condition, "true" when the manifest gives none) says
 * which schemas, or fields, it targets; {@code rule} must then hold, else the control fails with
 * {@code message}.
 */
public record Control(String id, String title, Severity severity, ControlScope scope, String when, String rule,
                      String message) {

    public static final String ALWAYS = "true";

    public Control {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(rule, "rule");
        when = when == null || when.isBlank() ? ALWAYS : when;
    }
}
