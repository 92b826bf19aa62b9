package sh.velocity.cli.io;

import java.util.List;

/**
 * Ends a command with a message a person can act on and its exit code. A server's problem keeps its
 * status, stable {@code code} and request id, so scripts can branch on the code and a support
 * request can name the request. Never carries a credential.
 */
public final class CliFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int exitCode;
    private final Integer status;
    private final String code;
    private final String requestId;
    private final List<FieldProblem> errors;

    private CliFailure(int exitCode, String message, Integer status, String code, String requestId,
                       List<FieldProblem> errors) {
        super(message, null, false, false);
        this.exitCode = exitCode;
        this.status = status;
        this.code = code;
        this.requestId = requestId;
        this.errors = List.copyOf(errors);
    }

    /** One entry of a problem's {@code errors}: which field of the request, and what is wrong with it. */
    public record FieldProblem(String field, String message) {
    }

    public static CliFailure usage(String message) {
        return new CliFailure(ExitCode.USAGE, message, null, "USAGE", null, List.of());
    }

    public static CliFailure server(String message) {
        return new CliFailure(ExitCode.SERVER, message, null, "UNREACHABLE", null, List.of());
    }

    /** The server's RFC 9457 answer: its status, code and detail. */
    public static CliFailure problem(int status, String code, String detail, String requestId) {
        return problem(status, code, detail, requestId, List.of());
    }

    /** The server's RFC 9457 answer with the fields it named in {@code errors}. */
    public static CliFailure problem(int status, String code, String detail, String requestId,
                                     List<FieldProblem> errors) {
        return new CliFailure(ExitCode.SERVER, detail, status, code, requestId, errors);
    }

    /** The same failure, its message prefixed with what it concerns (a manifest document, say). */
    public CliFailure about(String subject) {
        return new CliFailure(exitCode, subject + ": " + getMessage(), status, code, requestId, errors);
    }

    public int exitCode() {
        return exitCode;
    }

    /** The HTTP status of a server problem, else null. */
    public Integer status() {
        return status;
    }

    /** The server's problem code, or {@code USAGE} / {@code UNREACHABLE} for local failures. */
    public String code() {
        return code;
    }

    public String requestId() {
        return requestId;
    }

    /** The fields a server problem named, empty when it named none. */
    public List<FieldProblem> errors() {
        return errors;
    }
}
