package sh.velocity.web.problem;

import jakarta.servlet.http.HttpServletRequest;
import sh.velocity.kernel.db.CommitFailure;
import sh.velocity.kernel.problem.ErrorCode;
import sh.velocity.kernel.problem.VelocityException;
import sh.velocity.web.http.BodyTooLargeException;
import sh.velocity.web.http.LimitedBodyRequest;

/**
 * Finds a failure we have a stable code for inside whatever the container wrapped it in. A body
 * that outgrew its limit is recognised from the request itself, because a body reader may turn
 * the read error into a parse error of its own and drop the cause.
 */
final class Causes {

    private Causes() {
    }

    static VelocityException known(Throwable e, HttpServletRequest request) {
        if (request != null && request.getAttribute(LimitedBodyRequest.OVERFLOW_ATTRIBUTE) != null) {
            return new VelocityException(ErrorCode.PAYLOAD_TOO_LARGE, "The request body is larger than "
                    + request.getAttribute(LimitedBodyRequest.OVERFLOW_ATTRIBUTE) + " bytes.");
        }
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof VelocityException v) {
                return v;
            }
            if (t instanceof BodyTooLargeException b) {
                return new VelocityException(ErrorCode.PAYLOAD_TOO_LARGE, b.getMessage());
            }
        }
        return CommitFailure.recognise(e);
    }
}
