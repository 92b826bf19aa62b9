package sh.velocity.kernel.problem;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.List;

/**
 * A failure the caller can act on, carrying its stable {@link ErrorCode}. The REST layer turns it
 * into an RFC 9457 problem; its detail must never contain a secret or an unmasked sensitive value.
 */
public class VelocityException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final ErrorCode code;
    private final List<FieldError> errors;
    private final transient JsonObject extensions;

    public VelocityException(ErrorCode code, String detail) {
        this(code, detail, List.of());
    }

    public VelocityException(ErrorCode code, String detail, List<FieldError> errors) {
        this(code, detail, errors, JsonValue.EMPTY_JSON_OBJECT);
    }

    /**
     * With extension members for the problem document (RFC 9457 §3.2), e.g. the failing controls of
     * a {@code COMPLIANCE_VIOLATION}; they never replace the standard members.
     */
    public VelocityException(ErrorCode code, String detail, List<FieldError> errors, JsonObject extensions) {
        super(detail, null, false, false);
        this.code = code;
        this.errors = List.copyOf(errors);
        this.extensions = extensions == null ? JsonValue.EMPTY_JSON_OBJECT : extensions;
    }

    public ErrorCode code() {
        return code;
    }

    public String detail() {
        return getMessage();
    }

    public List<FieldError> errors() {
        return errors;
    }

    /** Extra members of the problem document; empty for most problems. */
    public JsonObject extensions() {
        return extensions == null ? JsonValue.EMPTY_JSON_OBJECT : extensions;
    }
}
