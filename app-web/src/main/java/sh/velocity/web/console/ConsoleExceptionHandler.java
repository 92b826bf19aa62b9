package sh.velocity.web.console;

import jakarta.faces.FacesException;
import jakarta.faces.application.ViewExpiredException;
import jakarta.faces.context.ExceptionHandler;
import jakarta.faces.context.ExceptionHandlerWrapper;
import jakarta.faces.context.ExternalContext;
import jakarta.faces.context.FacesContext;
import jakarta.faces.event.ExceptionQueuedEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.logging.Logger;
import sh.velocity.kernel.problem.VelocityException;

/**
 * No stack trace ever reaches a console page. A post whose view state this session never issued
 * (forged, malformed, or from an expired session: whatever fails while the view is restored) is
 * refused with 403; a facade's refusal that escaped a
 * page's own handling is shown with its status and message; anything else is logged (its class
 * only) and answered with a generic page carrying the request id.
 */
public class ConsoleExceptionHandler extends ExceptionHandlerWrapper {

    private static final Logger LOG = Logger.getLogger(ConsoleExceptionHandler.class.getName());

    ConsoleExceptionHandler(ExceptionHandler wrapped) {
        super(wrapped);
    }

    @Override
    public void handle() {
        Iterator<ExceptionQueuedEvent> events = getUnhandledExceptionQueuedEvents().iterator();
        FacesContext faces = FacesContext.getCurrentInstance();
        boolean answered = false;
        while (events.hasNext()) {
            Throwable t = events.next().getContext().getException();
            events.remove();
            if (answered) {
                continue;
            }
            answered = true;
            Throwable cause = root(t);
            boolean restoring = faces.getCurrentPhaseId() == jakarta.faces.event.PhaseId.RESTORE_VIEW;
            if (cause instanceof ViewExpiredException || restoring) {
                answer(faces, 403, "This form was not issued to this session (it expired, or it was forged); "
                        + "it was refused. Reload the page and try again.");
            } else if (cause instanceof VelocityException v) {
                answer(faces, v.code().status(), v.detail());
            } else {
                LOG.warning("Console request failed: " + cause.getClass().getName());
                answer(faces, 500, "The console could not complete this request.");
            }
        }
        getWrapped().handle();
    }

    private static Throwable root(Throwable t) {
        Throwable c = t;
        while ((c instanceof FacesException || c instanceof jakarta.el.ELException
                || c instanceof java.lang.reflect.InvocationTargetException
                || c.getClass().getName().endsWith("EvaluationException")) && c.getCause() != null
                && !(c instanceof ViewExpiredException)) {
            c = c.getCause();
        }
        return c;
    }

    private static void answer(FacesContext faces, int status, String message) {
        ExternalContext external = faces.getExternalContext();
        if (external.isResponseCommitted()) {
            faces.responseComplete();
            return;
        }
        try {
            ((jakarta.servlet.http.HttpServletResponse) external.getResponse()).resetBuffer();
            external.setResponseStatus(status);
            external.setResponseContentType("text/html;charset=UTF-8");
            String html = "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Velocity console</title>"
                    + "</head><body><main><h1>Request refused</h1><p>" + ConsoleGate.escape(message)
                    + "</p><p><a href=\"dashboard.xhtml\">Back to the console</a></p></main></body></html>";
            external.getResponseOutputStream().write(html.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        faces.responseComplete();
    }
}
