package sh.velocity.kernel.problem;

import java.util.List;

/**
 * A failure the caller can act on, carrying its stable {@link ErrorCode}. The REST layer turns it
 * into an RFC 9457 problem; its detail must never contain a secret or an unmasked sensitive value.
 */
public class VelocityException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final ErrorCode code;
    private final List<FieldError> errors;

    public VelocityException(ErrorCode code, String detail) {
        this(code, detail, List.of());
    }

    public VelocityException(ErrorCode code, String detail, List<FieldError> errors) {
        super(detail, null, false, false);
        this.code = code;
        this.errors = List.copyOf(errors);
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
}
