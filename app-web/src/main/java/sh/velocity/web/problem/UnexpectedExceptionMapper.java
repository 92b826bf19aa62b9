package sh.velocity.web.problem;

import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.logging.Level;
import java.util.logging.Logger;
import sh.velocity.kernel.problem.ErrorCode;
import sh.velocity.kernel.problem.VelocityException;
import sh.velocity.kernel.request.RequestContext;

/**
 * The last resort: anything unexpected becomes a 500 problem naming the request id, and the server
 * log gets the exception's class and request id only (a message could carry input values).
 * A known failure wrapped by the container (e.g. in a transaction rollback) is unwrapped first.
 */
@Provider
public class UnexpectedExceptionMapper implements ExceptionMapper<Throwable> {

    private static final Logger LOG = Logger.getLogger(UnexpectedExceptionMapper.class.getName());

    @Inject
    RequestContext request;

    @jakarta.ws.rs.core.Context
    jakarta.servlet.http.HttpServletRequest servletRequest;

    @Inject
    VelocityExceptionMapper velocity;

    @Override
    public Response toResponse(Throwable e) {
        VelocityException known = Causes.known(e, servletRequest);
        if (known != null) {
            return velocity.toResponse(known);
        }
        LOG.log(Level.SEVERE, "Unexpected {0} in request {1}", new Object[] {describe(e), request.requestId()});
        return Response.status(500).type(Problems.MEDIA_TYPE)
                .entity(Problems.of(ErrorCode.INTERNAL_ERROR,
                        "Something went wrong on our side; quote request id " + request.requestId() + ".",
                        null, request.requestId()))
                .build();
    }

    private static String describe(Throwable e) {
        StringBuilder sb = new StringBuilder(e.getClass().getName());
        StackTraceElement[] st = e.getStackTrace();
        if (st.length > 0) {
            sb.append(" at ").append(st[0]);
        }
        for (Throwable c = e.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
            sb.append(" <- ").append(c.getClass().getName());
        }
        return sb.toString();
    }
}
