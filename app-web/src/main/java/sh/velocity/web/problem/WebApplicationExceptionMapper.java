package sh.velocity.web.problem;

import jakarta.inject.Inject;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import sh.velocity.kernel.problem.ErrorCode;
import sh.velocity.kernel.problem.VelocityException;
import sh.velocity.kernel.request.RequestContext;

/**
 * JAX-RS's own refusals (unknown route, wrong method, unreadable body, wrong media type) as
 * problem documents with stable codes instead of the container's HTML.
 */
@Provider
public class WebApplicationExceptionMapper implements ExceptionMapper<WebApplicationException> {

    @Inject
    RequestContext request;

    @jakarta.ws.rs.core.Context
    jakarta.servlet.http.HttpServletRequest servletRequest;

    @Inject
    VelocityExceptionMapper velocity;

    @Override
    public Response toResponse(WebApplicationException e) {
        VelocityException known = Causes.known(e.getCause(), servletRequest);
        if (known != null) {
            return velocity.toResponse(known);
        }
        int status = e.getResponse().getStatus();
        ErrorCode code = switch (status) {
            case 401 -> ErrorCode.UNAUTHENTICATED;
            case 403 -> ErrorCode.FORBIDDEN;
            case 404 -> ErrorCode.NOT_FOUND;
            case 405 -> ErrorCode.METHOD_NOT_ALLOWED;
            case 406 -> ErrorCode.NOT_ACCEPTABLE;
            case 413 -> ErrorCode.PAYLOAD_TOO_LARGE;
            case 415 -> ErrorCode.UNSUPPORTED_MEDIA_TYPE;
            default -> status >= 500 ? ErrorCode.INTERNAL_ERROR : ErrorCode.INVALID_REQUEST;
        };
        String detail = switch (code) {
            case NOT_FOUND -> "No such resource.";
            case METHOD_NOT_ALLOWED -> "This method is not allowed on this resource.";
            case UNSUPPORTED_MEDIA_TYPE -> "Send application/json (or application/yaml for manifests).";
            case INVALID_REQUEST -> "The request could not be read: send a well-formed JSON body.";
            default -> code.title();
        };
        Response.ResponseBuilder b = Response.status(code.status()).type(Problems.MEDIA_TYPE)
                .entity(Problems.of(code, detail, null, request.requestId()));
        if (status == 405 && e.getResponse().getHeaderString("Allow") != null) {
            b.header("Allow", e.getResponse().getHeaderString("Allow"));
        }
        return b.build();
    }
}
