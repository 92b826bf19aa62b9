package sh.velocity.web.problem;

import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import sh.velocity.kernel.problem.VelocityException;
import sh.velocity.kernel.request.RequestContext;

/** Turns a domain failure into its problem document and status. */
@Provider
public class VelocityExceptionMapper implements ExceptionMapper<VelocityException> {

    @Inject
    RequestContext request;

    @Override
    public Response toResponse(VelocityException e) {
        return Response.status(e.code().status())
                .type(Problems.MEDIA_TYPE)
                .entity(Problems.of(e.code(), e.detail(), e.errors(), request.requestId(), e.extensions()))
                .build();
    }
}
