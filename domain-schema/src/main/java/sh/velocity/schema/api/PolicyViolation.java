package sh.velocity.schema.api;

/**
 * One failing control: which pack and control, how severe, the field it failed on (null for a
 * control about the whole schema), and the control's message. {@code waiver} is the id of the waiver
 * that covers it, or null.
 */
public record PolicyViolation(String pack, String control, String title, String severity, String field,
                              String message, String waiver) {

    /** {@code pack/control (field): message}, for logs, webhook answers and problem details. */
    public String describe() {
        return pack + "/" + control + (field == null ? "" : " (" + field + ")") + ": " + message;
    }
}
