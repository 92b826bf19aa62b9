package sh.velocity.web.problem;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.util.List;
import sh.velocity.kernel.json.Jsonp;
import sh.velocity.kernel.problem.ErrorCode;
import sh.velocity.kernel.problem.FieldError;

/**
 * Builds problem documents: {@code type}, {@code title}, {@code status}, {@code detail},
 * {@code code}, {@code requestId} and, for validation, {@code errors}. Never a stack trace.
 */
public final class Problems {

    public static final String MEDIA_TYPE = "application/problem+json";

    private static final java.util.Set<String> STANDARD_MEMBERS =
            java.util.Set.of("type", "title", "status", "code", "detail", "requestId", "errors");

    private Problems() {
    }

    /** Writes a problem straight to a servlet response (filters and servlets outside JAX-RS). */
    public static void write(jakarta.servlet.http.HttpServletResponse res, ErrorCode code, String detail,
                             String requestId) throws java.io.IOException {
        byte[] bytes = of(code, detail, null, requestId).toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        res.setStatus(code.status());
        res.setContentType(MEDIA_TYPE);
        res.setContentLength(bytes.length);
        res.getOutputStream().write(bytes);
    }

    public static JsonObject of(ErrorCode code, String detail, List<FieldError> errors, String requestId) {
        return of(code, detail, errors, requestId, null);
    }

    /** With extension members, added after the standard ones and never replacing them. */
    public static JsonObject of(ErrorCode code, String detail, List<FieldError> errors, String requestId,
                                JsonObject extensions) {
        JsonObjectBuilder b = Jsonp.createObjectBuilder()
                .add("type", "https://velocity.sh/problems/" + code.name().toLowerCase(java.util.Locale.ROOT)
                        .replace('_', '-'))
                .add("title", code.title())
                .add("status", code.status())
                .add("code", code.name())
                .add("detail", detail == null ? code.title() : detail);
        if (requestId != null) {
            b.add("requestId", requestId);
        }
        if (errors != null && !errors.isEmpty()) {
            JsonArrayBuilder list = Jsonp.createArrayBuilder();
            errors.forEach(e -> list.add(Jsonp.createObjectBuilder().add("field", e.field()).add("message", e.message())));
            b.add("errors", list);
        }
        if (extensions != null) {
            extensions.forEach((name, value) -> {
                if (!STANDARD_MEMBERS.contains(name)) {
                    b.add(name, value);
                }
            });
        }
        return b.build();
    }
}
